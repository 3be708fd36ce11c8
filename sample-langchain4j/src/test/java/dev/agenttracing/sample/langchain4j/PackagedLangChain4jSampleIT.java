package dev.agenttracing.sample.langchain4j;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar as the README says, asks its Support Agent twice, opens the
 * viewer, stops it with SIGTERM and reads the session's trace file: two complete runs of
 * the AI service, recorded with no annotation.
 */
class PackagedLangChain4jSampleIT {

	/** SIGTERM ends a JVM with 128 + 15 once its shutdown hooks have run. */
	private static final int EXIT_ON_SIGTERM = 143;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern README_COMMAND = Pattern.compile("java -jar (sample-langchain4j/target/\\S+\\.jar)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theReadmesCommandStartsTheSampleWhoseAiServiceCallsAreWrittenAsRunsBeforeItStopsOnSigterm(
			@TempDir Path workDir) throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar"));
		String readme = Files.readString(Path.of(System.getProperty("sample.readme")), StandardCharsets.UTF_8);
		Matcher command = README_COMMAND.matcher(readme);
		assertThat(command.find()).as("the README's command that starts the LangChain4j sample").isTrue();
		assertThat(jar).endsWith(Path.of(command.group(1)));

		Path log = workDir.resolve("app.log");
		Process process = new ProcessBuilder(javaExecutable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
				jar.toString(), "--server.port=0")
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Map<String, Object> escalated;
		Map<String, Object> unknown;
		try {
			String base = "http://127.0.0.1:" + awaitPort(process, log);
			escalated = run(base, "TCK-1044: our production API answers 503");
			unknown = run(base, "Ticket #9999: I was charged twice, refund please");
			HttpResponse<String> viewer = this.http.send(
					HttpRequest.newBuilder(URI.create(base + "/agent-traces")).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(viewer.statusCode()).isEqualTo(200);
			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).isEqualTo(EXIT_ON_SIGTERM);
		}
		finally {
			process.destroyForcibly();
		}
		assertThat(escalated.get("answer")).isEqualTo("Thanks for your message. Ticket TCK-1044 is open. Please see "
				+ "KB-3 in our knowledge base. I have handed it over to on-call engineering.");
		assertThat(unknown.get("answer")).isEqualTo(
				"Thanks for your message. I could not find ticket TCK-9999. Please see KB-1 in our knowledge base.");

		List<TraceEvent> events = TraceFiles.readTraceEvents(workDir.resolve("traces").resolve("user-42.jsonl"));
		List<List<TraceEvent>> runs = new ArrayList<>();
		for (TraceEvent event : events) {
			if (event instanceof RunStarted) {
				runs.add(new ArrayList<>());
			}
			runs.get(runs.size() - 1).add(event);
		}
		assertThat(runs).hasSize(2);
		assertThat(runs.get(0)).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		assertThat(runs.get(0)).filteredOn(ToolCallCompleted.class::isInstance)
			.extracting((event) -> ((ToolCallCompleted) event).tool().name() + " "
					+ ((ToolCallCompleted) event).tool().callId())
			.containsExactly("lookup_ticket call_1_1_lookup_ticket",
					"search_knowledge_base call_1_2_search_knowledge_base", "escalate call_2_1_escalate");
		RunStarted first = (RunStarted) runs.get(0).get(0);
		assertThat(first.agentName()).isEqualTo("SupportAgent");
		assertThat(first.model()).isEqualTo(RuleBasedChatModel.NAME);
		assertThat(((RunCompleted) runs.get(0).get(13)).output()).isEqualTo(escalated.get("answer"));
		assertThat(((RunCompleted) runs.get(0).get(13)).metrics().usage()).isNotNull();

		assertThat(runs.get(1)).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted", "ToolCallError",
					"ToolCallStarted", "ToolCallCompleted", "ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		ToolCallError error = (ToolCallError) runs.get(1).get(4);
		assertThat(error.tool().callId()).isEqualTo("call_1_1_lookup_ticket");
		assertThat(error.error()).isEqualTo("No ticket TCK-9999");
		assertThat(((RunCompleted) runs.get(1).get(9)).output()).isEqualTo(unknown.get("answer"));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> run(String base, String input) throws IOException, InterruptedException {
		String body = json.writeValueAsString(Map.of("input", input, "sessionId", "user-42"));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/agent/runs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readValue(response.body(), Map.class);
	}

	private static int awaitPort(Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
			Matcher started = STARTED.matcher(output);
			if (started.find()) {
				return Integer.parseInt(started.group(1));
			}
			if (!process.isAlive()) {
				throw new AssertionError("the sample exited with " + process.exitValue() + ":\n" + output);
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the sample did not start within " + START_TIMEOUT);
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
