package dev.agenttracing.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What one run of the Support Agent writes to its session's JSONL file. Its trajectories
 * (the tools called, their results and errors, usage) are {@link SupportAgentTests}'s.
 */
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

	@SuppressWarnings("unchecked")
	static Map<String, Object> toolOf(Map<String, Object> line) {
		return (Map<String, Object>) line.get("tool");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> modelCallOf(Map<String, Object> line) {
		return (Map<String, Object>) line.get("model_call");
	}

}
