package dev.agenttracing.sample;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.celesto.CelestoExporter;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API: answers, session events, and a JSON 4xx for every bad request. */
class AgentApiTests {

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
	void postingARunAnswersWithTheAgentsAnswerAndTheRunId() {
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs",
				"{\"input\": \"Ticket #1042: the invoice PDF shows the wrong amount\", \"sessionId\": \"user-42\"}");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		Map<String, Object> answer = response.json();
		assertThat(answer).containsEntry("sessionId", "user-42").containsKey("runId");
		assertThat(answer.get("answer").toString())
			.startsWith("Ticket TCK-1042 (\"Invoice PDF shows the wrong amount\"");
		assertThat(answer.get("ticket")).isEqualTo(Map.of("id", "TCK-1042", "subject",
				"Invoice PDF shows the wrong amount", "customer", "Acme Corp", "priority", "p2", "status", "open"));
	}

	@Test
	void theDefaultConfigurationWritesJsonlFilesOnlyAndNeedsNoAccount() {
		assertThat(sample.context.getBeansOfType(CelestoExporter.class)).isEmpty();
		assertThat(sample.context.getBean(AgentTracer.class).channels()).extracting((channel) -> channel.name())
			.containsExactly("JsonlExporter");
	}

	@Test
	void theSessionsEventsAreItsTraceFileReadBack() throws Exception {
		Map<String, Object> first = sample.http.run("Ticket #1043: I cannot log in", "reader");
		Map<String, Object> second = sample.http.run("Ticket #9999: is it fixed?", "reader");

		SampleHttp.Response response = sample.http.get("/api/agent/sessions/reader/events");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("sessionId", "reader").containsEntry("file", "reader.jsonl");
		List<Map<String, Object>> events = response.events();
		assertThat(events).extracting((line) -> line.get("run_id"))
			.containsOnly(first.get("runId"), second.get("runId"));
		assertThat(events.get(0)).containsEntry("event", "RunStarted");
		assertThat(events.get(events.size() - 1)).containsEntry("event", "RunCompleted")
			.containsEntry("run_id", second.get("runId"));
		assertThat(events).extracting((line) -> line.get("event")).contains("ToolCallError");
		assertThat(events).hasSameSizeAs(Files.readAllLines(traces.resolve("reader.jsonl")));
	}

	@Test
	void anUnknownSessionIsA404WithAJsonBody() {
		assertProblem(sample.http.get("/api/agent/sessions/nobody-here/events"), 404);
	}

	@Test
	void aRequestWithoutBodyIsA400WithAJsonBody() {
		assertProblem(sample.http.post("/api/agent/runs", HttpRequest.BodyPublishers.noBody(), "application/json"),
				400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"input\": \"\"}", "{\"input\": \"   \"}", "{\"sessionId\": \"user-42\"}", "{}" })
	void anEmptyOrMissingInputIsA400WithAJsonBody(String body) {
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs", body);

		assertProblem(response, 400);
		assertThat(response.json()).containsEntry("detail", "input must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"input\": ", "not json", "{\"input\": \"a\",}", "null", "[\"input\"]",
			"{\"input\": {\"text\": \"a\"}}", "{\"input\": \"a\", \"metadata\": [1]}" })
	void malformedJsonIsA400WithAJsonBody(String body) {
		assertProblem(sample.http.postJson("/api/agent/runs", body), 400);
	}

	@Test
	void aBodyThatIsNotJsonIsA415WithAJsonBody() {
		assertProblem(sample.http.post("/api/agent/runs", HttpRequest.BodyPublishers.ofString("input=hello"),
				"application/x-www-form-urlencoded"), 415);
	}

	@ParameterizedTest
	@ValueSource(strings = { "../../etc/passwd", "..", "a/b", "..\\..\\windows", "x\u0000y", "" })
	void aSessionIdThatTriesToLeaveTheTraceDirectoryIsRefusedWhenPosting(String sessionId) {
		SampleHttp.Response response = sample.http.postJson("/api/agent/runs",
				SampleHttp.json(Map.of("input", "hello", "sessionId", sessionId)));

		assertProblem(response, 400);
		assertThat(response.json().get("detail").toString()).startsWith("sessionId must");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/agent/sessions/..%2F..%2Fetc%2Fpasswd/events", "/api/agent/sessions/../events",
			"/api/agent/sessions/%2E%2E/events", "/api/agent/sessions/..%5C..%5Cwindows/events",
			"/api/agent/sessions/a%00b/events", "/api/agent/sessions/a%2Fb/events",
			"/api/agent/sessions/%2E%2E%2F%2E%2E%2Ftraces/events" })
	void aSessionIdThatTriesToLeaveTheTraceDirectoryIsA400WithAJsonBody(String path) {
		assertProblem(sample.http.get(path), 400);
	}

	@Test
	void aWrongMethodOrAnUnknownPathIsA4xxWithAJsonBody() {
		assertProblem(sample.http.get("/api/agent/runs"), 405);
		assertProblem(sample.http.get("/api/agent/nothing-here"), 404);
	}

	@Test
	void aTooLongSessionIdIsA400WithAJsonBody() {
		assertProblem(sample.http.get("/api/agent/sessions/" + "a".repeat(101) + "/events"), 400);
	}

	static void assertProblem(SampleHttp.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
		Map<String, Object> problem = response.json();
		assertThat(problem).containsEntry("status", status).containsKeys("title", "detail");
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "dev.agenttracing", "org.springframework",
				"<html");
	}

}
