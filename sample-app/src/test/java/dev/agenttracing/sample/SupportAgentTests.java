package dev.agenttracing.sample;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.sample.agent.AgentAnswer;
import dev.agenttracing.sample.agent.SupportAgent;
import dev.agenttracing.sample.agent.TicketNotFoundException;
import dev.agenttracing.test.CapturedModelCall;
import dev.agenttracing.test.CapturedRun;
import dev.agenttracing.test.CapturedToolCall;
import dev.agenttracing.test.CapturedTraces;
import dev.agenttracing.test.GoldenTrajectory;
import dev.agenttracing.test.autoconfigure.AutoConfigureAgentTracing;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Support Agent's trajectories: which tools it calls for a question, with what, what
 * they return, and what the model makes of it, read from its captured runs. The JSONL
 * files these runs are written to are {@link SupportAgentTraceTests}'s subject.
 */
@SpringBootTest
@AutoConfigureAgentTracing
class SupportAgentTests {

	@Autowired
	SupportAgent agent;

	@Autowired
	CapturedTraces traces;

	@Test
	void anOutageIsAnsweredAsRecordedInItsGoldenTrajectory() {
		this.agent.answer("outage", "TCK-1044: our production API answers 503");

		// src/test/resources/golden/support-agent-outage.jsonl; to record it anew, run
		// with -Dagenttracing.golden.update=true. A model call's messages are on its
		// ModelCallStarted line, so its completion's line leaves them out.
		assertThat(this.traces).run()
			.matchesGolden(
					GoldenTrajectory.named("support-agent-outage").ignoring("ModelCallCompleted:model_call.input"));
	}

	@Test
	void anInvoiceQuestionIsAnsweredFromTheTicketAndTheKnowledgeBase() {
		this.agent.answer("invoice", "Ticket #1042: the invoice PDF shows the wrong amount");

		assertThat(this.traces).runOf("Support Agent")
			.hasNoFailures()
			.calledTools("search_knowledge_base", "lookup_ticket")
			.neverCalledTool("escalate")
			.hasModelCalls(2)
			.usedAtMostTokens(500)
			.hasReasoningStepContaining("Look up TCK-1042")
			.streamedItsOutput()
			.toolCall("lookup_ticket")
			.hasArgument("ticketId", "TCK-1042");
	}

	@Test
	void theStreamedChunksMakeUpTheAnswerAndTheRunRecordsTheSummedUsageOfItsModelCalls() {
		AgentAnswer answer = this.agent.answer("login", "Ticket #1043: cannot log in after a password reset");

		CapturedRun run = this.traces.run();
		assertThat(run).hasNoFailures()
			.hasOutput(answer.answer())
			.calledTools("search_knowledge_base", "lookup_ticket")
			.hasModelCalls(2)
			.streamedItsOutput();
		assertThat(run.streamedChunks()).hasSizeGreaterThan(1);
		assertThat(run.events()).last().isInstanceOfSatisfying(RunCompleted.class, (completed) -> {
			assertThat(completed.contentType()).isEqualTo("str");
			assertThat(completed.tools()).containsExactly("search_knowledge_base", "lookup_ticket");
		});

		List<TokenUsage> usages = run.modelCalls().stream().map(CapturedModelCall::usage).toList();
		assertThat(usages).hasSize(2).allSatisfy((usage) -> {
			assertThat(usage.inputTokens()).isPositive();
			assertThat(usage.outputTokens()).isPositive();
			assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
		});
		// the answer's tokens: one per word
		assertThat(usages.get(1).outputTokens()).isEqualTo(answer.answer().split(" ").length);
		assertThat(run.usage()).isEqualTo(usages.get(0).plus(usages.get(1)));
		assertThat(run.duration()).isNotNull();
	}

	@Test
	void theAsynchronousSearchIsAToolCallOfTheRunWithItsArticlesAsResult() {
		this.agent.answer("export", "The export of my account data never arrives");

		CapturedRun run = this.traces.run();
		assertThat(run).hasNoFailures()
			.toolCall("search_knowledge_base")
			.hasArguments(Map.of("query", "export account data never arrives"))
			.resultSatisfies((articles) -> assertThat(articles).asInstanceOf(InstanceOfAssertFactories.LIST)
				.extracting((article) -> (Object) ((Map<?, ?>) article).get("id"))
				.containsExactly("KB-4", "KB-2"));
		CapturedToolCall search = run.toolCalls().get(0);
		assertThat(search.duration()).isPositive();
		String runSpan = run.events().get(0).spanId();
		assertThat(run.events()).filteredOn(ToolCallCompleted.class::isInstance)
			.extracting(TraceEvent::parentSpanId)
			.containsOnly(runSpan);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aTicketThatDoesNotExistIsAToolCallErrorAndTheModelAnswersWithTheError() {
		AgentAnswer answer = this.agent.answer("missing", "Ticket #9999: where is my parcel?");

		CapturedRun run = this.traces.run();
		assertThat(run).succeeded()
			.toolCall("lookup_ticket")
			.hasArguments(Map.of("ticketId", "TCK-9999"))
			.failedWith(TicketNotFoundException.class, "No ticket TCK-9999");
		assertThat(run.toolCalls().get(1).error()).isEqualTo("No ticket TCK-9999");
		assertThat(answer.ticketError()).isEqualTo("No ticket TCK-9999");
		// Spring AI gave the model the tool's error as its result, and the model answered
		// with it
		List<TraceEvent> events = run.events();
		TraceEvent error = events.stream().filter(ToolCallError.class::isInstance).findFirst().orElseThrow();
		TraceEvent next = events.stream().filter(ModelCallStarted.class::isInstance).skip(1).findFirst().orElseThrow();
		assertThat(events.indexOf(next)).isGreaterThan(events.indexOf(error));
		assertThat((List<Map<String, Object>>) run.modelCalls().get(1).input()).last()
			.isEqualTo(Map.of("role", "tool", "tool_responses",
					List.of(Map.of("id", "call_1", "name", "search_knowledge_base", "result", List.of()),
							Map.of("id", "call_2", "name", "lookup_ticket", "result", "No ticket TCK-9999"))));
		assertThat(answer.answer()).startsWith("No ticket TCK-9999 exists");
	}

	@Test
	void aPriorityOneTicketIsEscalatedThroughTheEscalateTool() {
		AgentAnswer answer = this.agent.answer("outage", "TCK-1044: our production API answers 503");

		CapturedRun run = this.traces.run();
		assertThat(run).hasNoFailures()
			.calledTools("search_knowledge_base", "lookup_ticket", "escalate")
			.toolCall("escalate")
			.hasArguments(Map.of("ticketId", "TCK-1044", "reason", "priority p1"))
			.hasResult(Map.of("id", "ESC-TCK-1044", "ticketId", "TCK-1044", "team", "on-call engineering", "reason",
					"priority p1"));
		// asked for by the second of three model calls, once it had the ticket
		List<CapturedModelCall> modelCalls = run.modelCalls();
		assertThat(modelCalls).extracting(CapturedModelCall::finishReason)
			.containsExactly("TOOL_CALLS", "TOOL_CALLS", "STOP");
		String escalateCallId = run.toolCalls().get(2).callId();
		assertThat(modelCalls.get(1).output()).isEqualTo(Map.of("tool_calls", List.of(Map.of("id", escalateCallId,
				"name", "escalate", "arguments", Map.of("ticketId", "TCK-1044", "reason", "priority p1")))));
		assertThat(run.reasoningSteps()).extracting((step) -> step.content())
			.containsExactly("Look up TCK-1044 and search the knowledge base for \"production api answers 503\"",
					"Escalate TCK-1044");
		assertThat(answer.answer()).contains("ESC-TCK-1044");
	}

}
