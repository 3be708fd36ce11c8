package dev.agenttracing.sample.langchain4j;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.test.CapturedModelCall;
import dev.agenttracing.test.CapturedRun;
import dev.agenttracing.test.CapturedTraces;
import dev.agenttracing.test.GoldenTrajectory;
import dev.agenttracing.test.autoconfigure.AutoConfigureAgentTracing;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Support Agent's trajectories, read from its captured runs: the LangChain4j AI
 * service has no tracing annotation, and its runs read as the Spring AI sample's do. Each
 * test has a session of its own, since the AI service keeps a chat memory per session for
 * as long as the application context lives.
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
		String answer = this.agent.answer("invoice", "Ticket #1042: the invoice PDF shows the wrong amount");

		assertThat(this.traces).runOf("SupportAgent")
			.hasNoFailures()
			.hasSessionId("invoice")
			.hasOutput(answer)
			.calledTools("lookup_ticket", "search_knowledge_base")
			.neverCalledTool("escalate")
			.hasModelCalls(2)
			.usedOnlyModel(RuleBasedChatModel.NAME)
			.usedAtMostTokens(1000)
			.toolCall("lookup_ticket")
			.hasArgument("ticketId", "TCK-1042")
			.hasResult(Map.of("id", "TCK-1042", "title", "Invoice PDF shows the wrong amount", "customer", "Acme Corp",
					"priority", "p2", "status", "open"));
		assertThat(answer)
			.isEqualTo("Thanks for your message. Ticket TCK-1042 is open. Please see KB-1 in our knowledge base.");
	}

	@Test
	void aPriorityOneTicketIsEscalatedOnceTheModelHasSeenTheTicket() {
		String answer = this.agent.answer("escalation", "TCK-1044: our production API answers 503");

		CapturedRun run = this.traces.run();
		assertThat(run).hasNoFailures()
			.calledTools("lookup_ticket", "search_knowledge_base", "escalate")
			.hasModelCalls(3)
			.toolCall("escalate")
			.hasArguments(Map.of("ticketId", "TCK-1044", "reason", "a p1 ticket: the customer's production is down"))
			.resultSatisfies((escalation) -> assertThat(escalation).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("id", "ESC-TCK-1044")
				.containsEntry("team", "on-call engineering"));
		// the escalation is asked for by the second of three model calls
		List<CapturedModelCall> modelCalls = run.modelCalls();
		assertThat(modelCalls).extracting(CapturedModelCall::finishReason)
			.containsExactly("tool_calls", "tool_calls", "stop");
		assertThat(modelCalls.get(1).output())
			.isEqualTo(Map.of("tool_calls", List.of(Map.of("id", "call_2_1_escalate", "name", "escalate", "arguments",
					Map.of("ticketId", "TCK-1044", "reason", "a p1 ticket: the customer's production is down")))));
		assertThat(answer).endsWith("I have handed it over to on-call engineering.");
	}

	@Test
	void aTicketThatDoesNotExistIsAToolCallErrorAndTheModelAnswersWithTheError() {
		String answer = this.agent.answer("unknown", "Ticket #9999: I was charged twice, refund please");

		assertThat(this.traces).run()
			.succeeded()
			.calledTools("lookup_ticket", "search_knowledge_base")
			.toolCall("lookup_ticket")
			.hasArgument("ticketId", "TCK-9999")
			.failedWith(IllegalArgumentException.class, "No ticket TCK-9999");
		assertThat(answer).isEqualTo(
				"Thanks for your message. I could not find ticket TCK-9999. Please see KB-1 in our knowledge base.");
	}

	@Test
	void aQuestionWithoutATicketOnlySearchesTheKnowledgeBase() {
		this.agent.answer("login", "I cannot log in after a password reset");

		assertThat(this.traces).run()
			.hasNoFailures()
			.calledTools("search_knowledge_base")
			.neverCalledTool("lookup_ticket")
			.hasModelCalls(2)
			.toolCall("search_knowledge_base")
			.hasArgument("query", "I cannot log in after a password reset")
			.resultSatisfies((articles) -> assertThat(articles).asInstanceOf(InstanceOfAssertFactories.LIST)
				.extracting((article) -> (Object) ((Map<?, ?>) article).get("id"))
				.containsExactly("KB-2"));
	}

	@Test
	void theRunRecordsTheSummedUsageOfItsModelCalls() {
		this.agent.answer("usage", "TCK-1043: cannot log in after a password reset");

		CapturedRun run = this.traces.run();
		List<TokenUsage> usages = run.modelCalls().stream().map(CapturedModelCall::usage).toList();
		assertThat(usages).hasSize(2).allSatisfy((usage) -> {
			assertThat(usage.inputTokens()).isPositive();
			assertThat(usage.outputTokens()).isPositive();
			assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
		});
		assertThat(run.usage()).isEqualTo(usages.get(0).plus(usages.get(1)));
		assertThat(run).usedAtMostTokens(run.usage().totalTokens());
	}

}
