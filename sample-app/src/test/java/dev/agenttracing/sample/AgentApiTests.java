package dev.agenttracing.sample;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void theSessionsEventsComePageByPage() throws Exception {
		for (int i = 0; i < 3; i++) {
			sample.http.run("Ticket #1043: I cannot log in", "pages");
		}
		List<Map<String, Object>> all = sample.http.get("/api/agent/sessions/pages/events").events();
		assertThat(all).hasSameSizeAs(Files.readAllLines(traces.resolve("pages.jsonl"))).hasSizeGreaterThan(10);

		SampleHttp.Response first = sample.http.get("/api/agent/sessions/pages/events?limit=4");
		assertThat(first.json()).containsEntry("offset", 0).containsEntry("limit", 4).containsEntry("nextOffset", 4);
		assertThat(first.events()).isEqualTo(all.subList(0, 4));
		SampleHttp.Response rest = sample.http.get("/api/agent/sessions/pages/events?offset=4&limit=1000");
		assertThat(rest.json()).containsEntry("nextOffset", null);
		assertThat(rest.events()).isEqualTo(all.subList(4, all.size()));
		SampleHttp.Response past = sample.http.get("/api/agent/sessions/pages/events?offset=9223372036854775807");
		assertThat(past.status()).isEqualTo(200);
		assertThat(past.events()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "offset=-1", "offset=abc", "offset=9223372036854775808", "limit=0", "limit=1001",
			"limit=-5", "limit=2147483648", "limit=1e3" })
	void aPageOutOfRangeIsA400WithAJsonBody(String query) {
		sample.http.run("Ticket #1043: I cannot log in", "ranges");
		SampleHttp.Response response = sample.http.get("/api/agent/sessions/ranges/events?" + query);

		assertProblem(response, 400);
		assertThat(response.json().get("detail").toString()).matches("(offset|limit) must be a whole number from .*");
	}

	@Test
	void aSessionFileThatIsASymbolicLinkIsNotServed() throws Exception {
		Path outside = Files.createTempFile("outside-the-trace-directory", ".jsonl");
		try {
			Files.writeString(outside,
					"{\"event\":\"RunStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"secret\":\"outside\"}\n");
			Files.createSymbolicLink(traces.resolve("linked.jsonl"), outside);

			SampleHttp.Response response = sample.http.get("/api/agent/sessions/linked/events");

			assertProblem(response, 404);
			assertThat(response.body()).doesNotContain("outside");
		}
		finally {
			Files.deleteIfExists(traces.resolve("linked.jsonl"));
			Files.delete(outside);
		}
	}

	@Test
	void aBodyLargerThanOneMebibyteIsA413BeforeItIsRead() {
		// a JSON run request of 2 MiB: parsed, it would be a 400 for its too long input
		String body = "{\"input\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		SampleHttp.Response declared = sample.http.postJson("/api/agent/runs", body);
		assertProblem(declared, 413);
		assertThat(declared.json().get("detail")).isEqualTo("the request body must be at most 1048576 bytes");

		// without a declared length (chunked), refused once the limit is passed
		SampleHttp.Response chunked = sample.http.post("/api/agent/runs",
				HttpRequest.BodyPublishers
					.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))),
				"application/json");
		assertProblem(chunked, 413);

		// a body under the limit is read as before
		SampleHttp.Response small = sample.http.post("/api/agent/runs",
				HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
						"{\"input\": \"Ticket #1043: I cannot log in\"}".getBytes(StandardCharsets.UTF_8))),
				"application/json");
		assertThat(small.status()).as(small.toString()).isEqualTo(200);
	}

	@Test
	void theApplicationListensOnTheLoopbackInterfaceOnly() throws Exception {
		assertThat(sample.context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
		int port = sample.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		for (java.net.NetworkInterface network : java.util.Collections
			.list(java.net.NetworkInterface.getNetworkInterfaces())) {
			for (java.net.InetAddress address : java.util.Collections.list(network.getInetAddresses())) {
				if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
					continue;
				}
				try (java.net.Socket socket = new java.net.Socket()) {
					assertThatExceptionOfType(java.io.IOException.class).as(address.toString())
						.isThrownBy(() -> socket.connect(new java.net.InetSocketAddress(address, port), 2_000));
				}
			}
		}
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
