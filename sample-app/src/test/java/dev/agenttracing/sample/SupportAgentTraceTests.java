package dev.agenttracing.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
	void aRunIsTracedFromRunStartedThroughReasoningToolsAndStreamedContentToRunCompleted() throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #1042: the invoice PDF shows the wrong amount", "order");
		List<Map<String, Object>> events = runEvents("order", answer);

		List<String> names = names(events);
		assertThat(names.subList(0, 2)).containsExactly("RunStarted", "ReasoningStep");
		assertThat(names.subList(2, 6)).containsExactlyInAnyOrder("ToolCallStarted", "ToolCallStarted",
				"ToolCallCompleted", "ToolCallCompleted");
		assertThat(names.get(6)).isEqualTo("ReasoningStep");
		assertThat(names.subList(7, names.size() - 2)).isNotEmpty().containsOnly("RunContent");
		assertThat(names.subList(names.size() - 2, names.size())).containsExactly("RunContentCompleted",
				"RunCompleted");
		for (Map<String, Object> completed : ofType(events, "ToolCallCompleted")) {
			Object callId = toolOf(completed).get("tool_call_id");
			int startedAt = indexOf(events, "ToolCallStarted", callId);
			assertThat(startedAt).isBetween(0, events.indexOf(completed));
		}
		Map<String, Object> started = events.get(0);
		assertThat(started).containsEntry("agent_name", "Support Agent")
			.containsEntry("model", "support-rules-v1")
			.containsEntry("session_id", "order")
			.containsEntry("run_input", Map.of("input_content", "Ticket #1042: the invoice PDF shows the wrong amount"));
		assertThat(ofType(events, "ReasoningStep")).allSatisfy((step) -> assertThat(step)
			.containsKeys("content", "reasoning_content")
			.containsEntry("parent_span_id", started.get("span_id")));
		assertThat(ofType(events, "ReasoningStep").get(0).get("content").toString()).startsWith("Look up TCK-1042");
	}

	@Test
	void theStreamedChunksMakeUpTheAnswerAndTheRunRecordsItsTokenUsage() throws IOException {
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
		assertThat(metrics(completed)).containsKeys("input_tokens", "output_tokens", "total_tokens", "duration");
		assertThat(((Number) metrics(completed).get("output_tokens")).intValue())
			.isEqualTo(answer.get("answer").toString().split(" ").length);
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
	void aTicketThatDoesNotExistIsAToolCallErrorAndTheAgentStillAnswers() throws IOException {
		Map<String, Object> answer = sample.http.run("Ticket #9999: where is my parcel?", "missing");
		List<Map<String, Object>> events = runEvents("missing", answer);

		Map<String, Object> error = tool(ofType(events, "ToolCallError"), "lookup_ticket");
		assertThat(error).containsEntry("error", "No ticket TCK-9999")
			.containsEntry("error_type", "TicketNotFoundException");
		assertThat(toolOf(error)).containsEntry("tool_call_error", true)
			.containsEntry("tool_args", Map.of("ticketId", "TCK-9999"));
		assertThat(names(events)).doesNotContain("RunError").endsWith("RunCompleted");
		assertThat(answer).containsEntry("ticketError", "No ticket TCK-9999");
	}

	@Test
	void aPriorityOneTicketIsEscalatedThroughTheEscalateTool() throws IOException {
		Map<String, Object> answer = sample.http.run("TCK-1044: our production API answers 503", "outage");
		List<Map<String, Object>> events = runEvents("outage", answer);

		Map<String, Object> escalate = toolOf(tool(ofType(events, "ToolCallCompleted"), "escalate"));
		assertThat(escalate).containsEntry("tool_args", Map.of("ticketId", "TCK-1044", "reason", "priority p1"));
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

		assertThat(events).hasSizeGreaterThan(5).allSatisfy((line) -> assertThat(line)
			.containsEntry("group_id", "ticket-queue-jan-13")
			.containsEntry("metadata", Map.of("team", "support", "priority", "p1")));
	}

	@Test
	void aRunWithoutSessionIdIsWrittenToTheDefaultSession() throws IOException {
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs", "{\"input\": \"How do I export data?\"}");
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

		assertThat(Files.readString(traces.resolve("leaky.jsonl"))).doesNotContainIgnoringCase(secret).contains("[REDACTED]");
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
	static Map<String, Object> metrics(Map<String, Object> line) {
		return (Map<String, Object>) line.get("metrics");
	}

}
