package dev.agenttracing.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What one run of the Support Agent writes to its session's JSONL file. */
class SupportAgentTraceTests {

	@TempDir
	static Path traces;

	static RunningSample sample;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("--tracing.jsonl.dir=" + traces);
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	void aRunIsTracedFromRunStartedThroughSpringAisModelCallsReasoningToolsAndStreamedContentToRunCompleted()
			throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #1042: the invoice PDF shows the wrong amount", "order");
		List<Map<String, Object>> events = runEvents("order", answer);

		int chunks = ofType(events, "RunContent").size();
		assertThat(chunks).isGreaterThan(1);
		List<String> expected = new ArrayList<>(List.of("RunStarted", "ModelCallStarted", "ReasoningStep",
				"ModelCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted",
				"ModelCallStarted", "ReasoningStep"));
		expected.addAll(Collections.nCopies(chunks, "RunContent"));
		expected.addAll(List.of("ModelCallCompleted", "RunContentCompleted", "RunCompleted"));
		assertThat(names(events)).containsExactlyElementsOf(expected);

		Map<String, Object> started = events.get(0);
		assertThat(started).containsEntry("agent_name", "Support Agent")
			.containsEntry("model", "support-rules-v1")
			.containsEntry("session_id", "order")
			.containsEntry("run_input",
					Map.of("input_content", "Ticket #1042: the invoice PDF shows the wrong amount"));
		Object runSpan = started.get("span_id");
		assertThat(events)
			.filteredOn((line) -> line.get("event").toString().matches("(Model|Tool)Call.*|ReasoningStep"))
			.hasSize(10)
			.allSatisfy((line) -> assertThat(line).containsEntry("parent_span_id", runSpan)
				.doesNotContainEntry("span_id", runSpan));
		assertThat(events).filteredOn((line) -> line.get("event").toString().startsWith("Run"))
			.allSatisfy(
					(line) -> assertThat(line).containsEntry("span_id", runSpan).doesNotContainKey("parent_span_id"));
		assertThat(events.get(1).get("span_id")).isEqualTo(events.get(3).get("span_id"));
		assertThat(events.get(8).get("span_id")).isEqualTo(events.get(events.size() - 3).get("span_id"))
			.isNotEqualTo(events.get(1).get("span_id"));
		assertThat(ofType(events, "ModelCallStarted")).extracting((line) -> modelCallOf(line).get("model"))
			.containsOnly("support-rules-v1");

		// the tools Spring AI ran are the ones the first model call asked for, with its
		// call ids and arguments
		Map<String, Object> firstCall = modelCallOf(events.get(3));
		assertThat(firstCall).containsEntry("finish_reason", "TOOL_CALLS");
		assertThat(firstCall.get("output")).isEqualTo(Map.of("tool_calls",
				List.of(Map.of("id", "call_1", "name", "search_knowledge_base", "arguments",
						Map.of("query", "invoice pdf wrong amount")),
						Map.of("id", "call_2", "name", "lookup_ticket", "arguments", Map.of("ticketId", "TCK-1042")))));
		assertThat(ofType(events, "ToolCallCompleted")).extracting(SupportAgentTraceTests::toolOf)
			.extracting((tool) -> tool.get("tool_call_id"), (tool) -> tool.get("tool_name"))
			.containsExactly(tuple("call_1", "search_knowledge_base"), tuple("call_2", "lookup_ticket"));
		for (Map<String, Object> completed : ofType(events, "ToolCallCompleted")) {
			Object callId = toolOf(completed).get("tool_call_id");
			assertThat(indexOf(events, "ToolCallStarted", callId)).isEqualTo(events.indexOf(completed) - 1);
		}
		Map<String, Object> lastCall = modelCallOf(events.get(events.size() - 3));
		assertThat(lastCall).containsEntry("finish_reason", "STOP").containsEntry("output", answer.get("answer"));
		// system, user, the tool calls, their results
		assertThat((List<?>) lastCall.get("input")).hasSize(4);

		assertThat(ofType(events, "ReasoningStep"))
			.allSatisfy((step) -> assertThat(step).containsKeys("content", "reasoning_content"));
		assertThat(ofType(events, "ReasoningStep")).extracting((step) -> step.get("content").toString())
			.satisfiesExactly((step) -> assertThat(step).startsWith("Look up TCK-1042"),
					(step) -> assertThat(step).isEqualTo("Answer without escalating"));
	}

	@Test
	void theStreamedChunksMakeUpTheAnswerAndTheRunRecordsTheSummedUsageOfItsModelCalls() throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #1043: cannot log in after a password reset", "login");
		List<Map<String, Object>> events = runEvents("login", answer);

		List<Map<String, Object>> chunks = ofType(events, "RunContent");
		assertThat(chunks).hasSizeGreaterThan(1);
		assertThat(chunks.stream().map((chunk) -> chunk.get("content").toString()).collect(Collectors.joining()))
			.isEqualTo(answer.get("answer"));
		Map<String, Object> completed = events.get(events.size() - 1);
		assertThat(completed).containsEntry("event", "RunCompleted")
			.containsEntry("content", answer.get("answer"))
			.containsEntry("content_type", "str")
			.containsEntry("tools", List.of("search_knowledge_base", "lookup_ticket"));

		List<Map<String, Integer>> usages = ofType(events, "ModelCallCompleted").stream()
			.map((line) -> usage(modelCallOf(line)))
			.toList();
		assertThat(usages).hasSize(2).allSatisfy((usage) -> {
			assertThat(usage.get("input_tokens")).isPositive();
			assertThat(usage.get("output_tokens")).isPositive();
			assertThat(usage.get("total_tokens")).isEqualTo(usage.get("input_tokens") + usage.get("output_tokens"));
		});
		// the answer's tokens: one per word
		assertThat(usages.get(1).get("output_tokens")).isEqualTo(answer.get("answer").toString().split(" ").length);
		assertThat(metrics(completed)).containsKeys("duration")
			.containsEntry("input_tokens", usages.stream().mapToInt((usage) -> usage.get("input_tokens")).sum())
			.containsEntry("output_tokens", usages.stream().mapToInt((usage) -> usage.get("output_tokens")).sum())
			.containsEntry("total_tokens", usages.stream().mapToInt((usage) -> usage.get("total_tokens")).sum());
	}

	@Test
	void theAsynchronousSearchIsAToolCallOfTheRunWithItsArticlesAsResult() throws IOException {
		Map<String, Object> answer = sample.http.run("The export of my account data never arrives", "export");
		List<Map<String, Object>> events = runEvents("export", answer);

		Map<String, Object> search = tool(ofType(events, "ToolCallCompleted"), "search_knowledge_base");
		assertThat(search).containsEntry("parent_span_id", events.get(0).get("span_id"));
		Map<String, Object> call = toolOf(search);
		assertThat(call).containsEntry("tool_args", Map.of("query", "export account data never arrives"));
		assertThat(call.get("result")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.extracting((article) -> (Object) ((Map<?, ?>) article).get("id"))
			.containsExactly("KB-4", "KB-2");
		assertThat(((Number) call.get("duration_ms")).doubleValue()).isPositive();
		assertThat(names(events)).doesNotContain("ToolCallError");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aTicketThatDoesNotExistIsAToolCallErrorAndTheModelAnswersWithTheError() throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #9999: where is my parcel?", "missing");
		List<Map<String, Object>> events = runEvents("missing", answer);

		Map<String, Object> error = tool(ofType(events, "ToolCallError"), "lookup_ticket");
		assertThat(error).containsEntry("error", "No ticket TCK-9999")
			.containsEntry("error_type", "TicketNotFoundException");
		assertThat(toolOf(error)).containsEntry("tool_call_error", true)
			.containsEntry("tool_args", Map.of("ticketId", "TCK-9999"));
		assertThat(names(events)).doesNotContain("RunError").endsWith("RunCompleted");
		assertThat(answer).containsEntry("ticketError", "No ticket TCK-9999");
		// Spring AI gave the model the tool's error as its result, and the model answered
		// with it
		Map<String, Object> next = ofType(events, "ModelCallStarted").get(1);
		assertThat(events.indexOf(next)).isGreaterThan(events.indexOf(error));
		assertThat((List<Map<String, Object>>) modelCallOf(next).get("input")).last()
			.isEqualTo(Map.of("role", "tool", "tool_responses",
					List.of(Map.of("id", "call_1", "name", "search_knowledge_base", "result", List.of()),
							Map.of("id", "call_2", "name", "lookup_ticket", "result", "No ticket TCK-9999"))));
		assertThat(answer.get("answer").toString()).startsWith("No ticket TCK-9999 exists");
	}

	@Test
	void aPriorityOneTicketIsEscalatedThroughTheEscalateTool() throws IOException {
		Map<String, Object> answer = sample.http.run("TCK-1044: our production API answers 503", "outage");
		List<Map<String, Object>> events = runEvents("outage", answer);

		Map<String, Object> escalate = toolOf(tool(ofType(events, "ToolCallCompleted"), "escalate"));
		assertThat(escalate).containsEntry("tool_args", Map.of("ticketId", "TCK-1044", "reason", "priority p1"));
		// asked for by the second of three model calls, once it had the ticket
		List<Map<String, Object>> modelCalls = ofType(events, "ModelCallCompleted");
		assertThat(modelCalls).extracting((line) -> modelCallOf(line).get("finish_reason"))
			.containsExactly("TOOL_CALLS", "TOOL_CALLS", "STOP");
		assertThat(modelCallOf(modelCalls.get(1)).get("output"))
			.isEqualTo(Map.of("tool_calls", List.of(Map.of("id", escalate.get("tool_call_id"), "name", "escalate",
					"arguments", Map.of("ticketId", "TCK-1044", "reason", "priority p1")))));
		assertThat(ofType(events, "ReasoningStep")).extracting((step) -> step.get("content"))
			.containsExactly("Look up TCK-1044 and search the knowledge base for \"production api answers 503\"",
					"Escalate TCK-1044");
		assertThat(escalate.get("result")).isEqualTo(Map.of("id", "ESC-TCK-1044", "ticketId", "TCK-1044", "team",
				"on-call engineering", "reason", "priority p1"));
		assertThat(answer.get("answer").toString()).contains("ESC-TCK-1044");
	}

	@Test
	void aRunWithGroupIdAndMetadataCarriesThemOnEveryLine() throws IOException {
		String body = SampleHttp.json(Map.of("input", "Summarize today's urgent tickets.", "sessionId", "queue",
				"groupId", "ticket-queue-jan-13", "metadata", Map.of("team", "support", "priority", "p1")));
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs", body);
		assertThat(response.status()).isEqualTo(200);
		List<Map<String, Object>> events = runEvents("queue", response.json());

		assertThat(events).hasSizeGreaterThan(5)
			.allSatisfy((line) -> assertThat(line).containsEntry("group_id", "ticket-queue-jan-13")
				.containsEntry("metadata", Map.of("team", "support", "priority", "p1")));
	}

	@Test
	void aRunWithoutSessionIdIsWrittenToTheDefaultSession() throws IOException {
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs",
				"{\"input\": \"How do I export data?\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("sessionId", "default");
		assertThat(runEvents("default", response.json())).isNotEmpty();
	}

	@Test
	void aSessionIdThatIsNoSafeFileNameIsWrittenInsideTheTraceDirectory() throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #1042 again", "alice@example.com");
		List<Map<String, Object>> events = sample.http.get("/api/agent/sessions/alice@example.com/events").events();

		assertThat(events).extracting((line) -> line.get("run_id")).contains(answer.get("runId"));
		try (var files = Files.list(traces)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("alice_example.com~") && name.endsWith(".jsonl"));
		}
	}

	@Test
	void secretsInTheQuestionAreRedactedInEveryLine() throws IOException {
		String secret = "sk-proj-4f8Qz9TxL2mWc7Rk1Vb3";
		Map<String, Object> answer = sample.http.run("Ticket #1042: my key " + secret + " is printed on the invoice",
				"leaky");
		List<Map<String, Object>> events = runEvents("leaky", answer);

		assertThat(Files.readString(traces.resolve("leaky.jsonl"))).doesNotContainIgnoringCase(secret)
			.contains("[REDACTED]");
		assertThat(events.get(0)).containsEntry("run_input",
				Map.of("input_content", "Ticket #1042: my key [REDACTED] is printed on the invoice"));
	}

	/** The lines of one run in its session's file, once everything queued is written. */
	static List<Map<String, Object>> runEvents(String sessionId, Map<String, Object> answer) throws IOException {
		sample.flushTraces();
		return TraceFiles.readTraceFile(traces.resolve(sessionId + ".jsonl"))
			.stream()
			.filter((line) -> line.get("run_id").equals(answer.get("runId")))
			.toList();
	}

	static int indexOf(List<Map<String, Object>> events, String name, Object toolCallId) {
		for (int i = 0; i < events.size(); i++) {
			Map<String, Object> line = events.get(i);
			if (line.get("event").equals(name) && toolOf(line).get("tool_call_id").equals(toolCallId)) {
				return i;
			}
		}
		return -1;
	}

	static List<String> names(List<Map<String, Object>> events) {
		return events.stream().map((line) -> line.get("event").toString()).toList();
	}

	static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String name) {
		return events.stream().filter((line) -> line.get("event").equals(name)).toList();
	}

	static Map<String, Object> tool(List<Map<String, Object>> events, String toolName) {
		return events.stream()
			.filter((line) -> toolOf(line).get("tool_name").equals(toolName))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + toolName + " in " + events));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> toolOf(Map<String, Object> line) {
		return (Map<String, Object>) line.get("tool");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> modelCallOf(Map<String, Object> line) {
		return (Map<String, Object>) line.get("model_call");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Integer> usage(Map<String, Object> modelCall) {
		return (Map<String, Integer>) modelCall.get("usage");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> metrics(Map<String, Object> line) {
		return (Map<String, Object>) line.get("metrics");
	}

}
