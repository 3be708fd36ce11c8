package dev.agenttracing.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: the packaged jar started with {@code java -jar} as a separate process,
 * driven over HTTP, stopped with SIGTERM; then its JSONL files are read.
 */
class PackagedSampleIT {

	/** SIGTERM ends a JVM with 128 + 15 once its shutdown hooks have run. */
	private static final int EXIT_ON_SIGTERM = 143;

	@Test
	void theReadmesCommandsStartTheAppAndItsCurlWritesTheSessionFileItsCatCommandShows(@TempDir Path workDir)
			throws Exception {
		Readme readme = Readme.read();
		assertThat(SampleProcess.jar()).endsWith(Path.of(readme.jar()));
		assertThat(readme.curlUrl()).startsWith("http://localhost:8080/");

		Map<String, Object> answer;
		List<Map<String, Object>> served;
		// the embedded defaults: ./traces
		try (SampleProcess sample = SampleProcess.start(workDir, Map.of())) {
			SampleHttp.Response response = sample.http()
				.postJson(readme.curlUrl().substring("http://localhost:8080".length()), readme.curlBody());
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			answer = response.json();
			served = sample.http().get("/api/agent/sessions/" + answer.get("sessionId") + "/events").events();
			assertThat(sample.terminate()).isEqualTo(EXIT_ON_SIGTERM);
		}

		Path file = workDir.resolve(readme.catFile());
		assertThat(file.getFileName().toString()).isEqualTo(answer.get("sessionId") + ".jsonl");
		List<Map<String, Object>> lines = TraceFiles.readTraceFile(file);
		assertThat(lines).isEqualTo(served);
		assertCompleteRun(lines, answer, false);
	}

	@Test
	void sigtermWritesEveryQueuedEventOfEveryRunBeforeTheProcessEnds(@TempDir Path workDir) throws Exception {
		Path traces = workDir.resolve("e2e-traces");
		List<Map<String, Object>> answers = new ArrayList<>();
		String output;
		try (SampleProcess sample = SampleProcess.start(workDir, Map.of(), "--tracing.jsonl.dir=" + traces,
				"--tracing.batch-size=100000", "--tracing.flush-interval=10m")) {
			answers.addAll(runConcurrently(sample.http(), 48));
			// a batch of 100,000 events or 10 minutes: nothing is written before the
			// shutdown
			assertThat(traces).doesNotExist();

			assertThat(sample.terminate()).isEqualTo(EXIT_ON_SIGTERM);
			output = sample.output();
		}

		assertThat(output).contains("Agent tracing started")
			.doesNotContain("dropped", "did not finish within the shutdown timeout", "Exception");
		Map<Object, List<Map<String, Object>>> runs = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(traces)) {
			for (Path file : files.sorted().toList()) {
				String session = file.getFileName().toString().replace(".jsonl", "");
				for (Map<String, Object> line : TraceFiles.readTraceFile(file)) {
					assertThat(line).containsEntry("session_id", session);
					runs.computeIfAbsent(line.get("run_id"), (id) -> new ArrayList<>()).add(line);
				}
			}
		}
		assertThat(runs.keySet())
			.containsExactlyInAnyOrderElementsOf(answers.stream().map((answer) -> answer.get("runId")).toList());
		for (Map<String, Object> answer : answers) {
			assertCompleteRun(runs.get(answer.get("runId")), answer, answer.get("ticketError") != null);
		}
		assertThat(answers).filteredOn((answer) -> answer.get("ticketError") != null).hasSize(12);
	}

	/**
	 * Runs the agent {@code count} times in six sessions, eight at a time; every fourth
	 * run's ticket does not exist.
	 */
	private static List<Map<String, Object>> runConcurrently(SampleHttp http, int count) throws Exception {
		List<String> questions = List.of("Ticket #1042: the invoice PDF shows the wrong amount",
				"TCK-1044: our production API answers 503", "How do I export all account data?",
				"Ticket #9999: I was charged twice, refund please");
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Map<String, Object>>> runs = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String question = questions.get(i % questions.size());
				String session = "session-" + (i % 6);
				runs.add(clients.submit(() -> http.run(question, session)));
			}
			List<Map<String, Object>> answers = new ArrayList<>();
			for (Future<Map<String, Object>> run : runs) {
				answers.add(run.get(2, TimeUnit.MINUTES));
			}
			return answers;
		}
		finally {
			clients.shutdownNow();
		}
	}

	/**
	 * The lines of one run, in file order, tell the whole run, as the agent answered it.
	 */
	@SuppressWarnings("unchecked")
	private static void assertCompleteRun(List<Map<String, Object>> lines, Map<String, Object> answer,
			boolean ticketFails) {
		assertThat(lines).as("events of run %s", answer.get("runId")).isNotNull().isNotEmpty();
		List<String> names = lines.stream().map((line) -> line.get("event").toString()).toList();
		assertThat(names.get(0)).isEqualTo("RunStarted");
		assertThat(names.subList(names.size() - 2, names.size())).containsExactly("RunContentCompleted",
				"RunCompleted");
		assertThat(names).filteredOn("ReasoningStep"::equals).hasSize(2);
		assertThat(names).doesNotContain("RunError");
		// the answer streams while the last model call is open
		int firstChunk = names.indexOf("RunContent");
		assertThat(names.subList(firstChunk, names.size() - 3)).isNotEmpty().containsOnly("RunContent");
		assertThat(names.get(names.size() - 3)).isEqualTo("ModelCallCompleted");
		String streamed = lines.stream()
			.filter((line) -> line.get("event").equals("RunContent"))
			.map((line) -> line.get("content").toString())
			.collect(Collectors.joining());
		assertThat(streamed).isEqualTo(answer.get("answer"));
		assertThat(lines.get(lines.size() - 1)).containsEntry("content", answer.get("answer"));

		Map<Object, Integer> started = new LinkedHashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			Map<String, Object> line = lines.get(i);
			String event = line.get("event").toString();
			if (event.startsWith("ToolCall")) {
				Map<String, Object> tool = (Map<String, Object>) line.get("tool");
				Object id = tool.get("tool_call_id");
				if (event.equals("ToolCallStarted")) {
					assertThat(started.put(id, i)).isNull();
				}
				else {
					assertThat(started.remove(id)).as("%s after its ToolCallStarted", event).isNotNull();
					boolean lookup = tool.get("tool_name").equals("lookup_ticket");
					assertThat(event).isEqualTo((lookup && ticketFails) ? "ToolCallError" : "ToolCallCompleted");
					if (event.equals("ToolCallError")) {
						assertThat(line).containsEntry("error_type", "TicketNotFoundException");
					}
				}
			}
		}
		assertThat(started).as("tool calls that never ended").isEmpty();
		assertThat((List<String>) lines.get(lines.size() - 1).get("tools")).contains("search_knowledge_base");

		// every round of Spring AI's tool-calling loop is a model call with its usage;
		// the run has their sum
		assertThat(names).filteredOn("ModelCallStarted"::equals).hasSizeBetween(2, 3);
		List<Map<String, Object>> usages = lines.stream()
			.filter((line) -> line.get("event").equals("ModelCallCompleted"))
			.map((line) -> (Map<String, Object>) ((Map<String, Object>) line.get("model_call")).get("usage"))
			.toList();
		assertThat(usages).hasSameSizeAs(names.stream().filter("ModelCallStarted"::equals).toList());
		Map<String, Object> metrics = (Map<String, Object>) lines.get(lines.size() - 1).get("metrics");
		for (String tokens : List.of("input_tokens", "output_tokens", "total_tokens")) {
			assertThat(usages).allSatisfy((usage) -> assertThat((Integer) usage.get(tokens)).isPositive());
			assertThat(metrics).containsEntry(tokens,
					usages.stream().mapToInt((usage) -> (Integer) usage.get(tokens)).sum());
		}
	}

	/** The commands of the README's quick start. */
	record Readme(String jar, String curlBody, String curlUrl, String catFile) {

		private static final Pattern JAR = Pattern.compile("java -jar (\\S+\\.jar)");

		private static final Pattern CURL = Pattern.compile("curl [^\\n]*?-d '([^']*)'\\s+(http://\\S+)");

		private static final Pattern CAT = Pattern.compile("cat (traces/\\S+\\.jsonl)");

		static Readme read() throws IOException {
			String text = Files.readString(ConfigurationDocumentationTests.readme()).replace("\\\n", " ");
			return new Readme(first(JAR, text), first(CURL, text), group(CURL, text, 2), first(CAT, text));
		}

		private static String first(Pattern pattern, String text) {
			return group(pattern, text, 1);
		}

		private static String group(Pattern pattern, String text, int group) {
			Matcher matcher = pattern.matcher(text);
			assertThat(matcher.find()).as("the README has %s", pattern).isTrue();
			return matcher.group(group);
		}

	}

}
