package dev.agenttracing.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process writing trace files from 16 threads, killed with {@code kill -9} at random
 * points, round after round on the same directory, while the viewer runs: after each kill
 * the viewer's API lists every session file with the runs {@link TraceFiles} reads in it,
 * reports no malformed line, and reports an incomplete last line as
 * {@code incomplete_last_line} exactly where the kill cut one.
 */
class TraceViewerCrashTests {

	private static final String API = "/agent-traces/api/sessions";

	private static final int ROUNDS = 3;

	private static final int THREADS = 16;

	/** How long the viewer waits before it calls a last line without line feed cut. */
	private static final Duration SETTLE = Duration.ofMillis(2_100);

	@TempDir
	Path root;

	@Test
	void theViewerReadsEveryFileOfAProcessKilledWhileWriting() throws Exception {
		Path traces = Files.createDirectories(this.root.resolve("traces"));
		ConfigurableApplicationContext context = ViewerTestApplication.startWithoutSpringSecurity(traces);
		try {
			ViewerHttp http = new ViewerHttp(ViewerTestApplication.rootUrl(context));
			Random random = new Random();
			for (int round = 0; round < ROUNDS; round++) {
				Process writer = startWriter(traces, round);
				try {
					awaitWriting(traces, writer);
					Thread.sleep(200 + random.nextInt(800));
				}
				finally {
					writer.destroyForcibly();
					assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
				}
				cutLastLineOfOneFile(traces, random);
				awaitSettled(traces);
				int incomplete = checkEveryFile(traces, http, round == ROUNDS - 1);
				assertThat(incomplete).as("files with an incomplete last line").isPositive();
				System.out.println("After kill " + (round + 1) + ": " + incomplete
						+ " file(s) with an incomplete last line, one of them cut by hand");
			}
			try (Stream<Path> files = Files.list(traces)) {
				assertThat(files.count()).isGreaterThanOrEqualTo(THREADS);
			}
		}
		finally {
			context.close();
		}
	}

	/**
	 * Checks every file through the viewer's API against what {@link TraceFiles} reads;
	 * with {@code allRuns} pages through every session's runs too. Returns the number of
	 * files with an incomplete last line.
	 */
	private int checkEveryFile(Path traces, ViewerHttp http, boolean allRuns) throws Exception {
		Map<String, Path> files = new TreeMap<>();
		try (Stream<Path> list = Files.list(traces)) {
			for (Path file : list.toList()) {
				String name = file.getFileName().toString();
				files.put(name.substring(0, name.length() - ".jsonl".length()), file);
			}
		}
		Map<String, Object> page = http.json(API + "?limit=500");
		assertThat(page).containsEntry("total", files.size());
		List<Map<String, Object>> sessions = list(page, "sessions");
		assertThat(sessions).extracting((session) -> (String) session.get("id"))
			.containsExactlyInAnyOrderElementsOf(files.keySet());
		int incomplete = 0;
		for (Map<String, Object> summary : sessions) {
			String key = (String) summary.get("id");
			Path file = files.get(key);
			Set<String> runIds = new LinkedHashSet<>();
			long started = 0;
			for (TraceEvent event : TraceFiles.readTraceEvents(file)) {
				runIds.add(event.runId());
				started += event.event().equals("RunStarted") ? 1 : 0;
			}
			assertThat(started).as("runs started in %s", key).isEqualTo(runIds.size());
			boolean cut = endsWithIncompleteLine(file);
			incomplete += cut ? 1 : 0;
			assertThat(summary).as(key).containsEntry("runs", runIds.size()).containsEntry("malformed_lines", 0);

			Map<String, Object> runs = http.json(API + "/" + key + "/runs?limit=500");
			assertThat(runs).as(key).containsEntry("total", runIds.size());
			assertThat(map(runs, "session")).as(key)
				.containsEntry("runs", runIds.size())
				.containsEntry("malformed_lines", 0)
				.containsEntry("malformed", List.of())
				.containsEntry("incomplete_last_line", cut);
			if (allRuns) {
				assertThat(listedRunIds(http, key, runIds.size())).as(key).containsExactlyInAnyOrderElementsOf(runIds);
			}
		}
		return incomplete;
	}

	/** The ids of all the session's runs, as its pages of runs list them. */
	private static List<String> listedRunIds(ViewerHttp http, String key, int total) throws Exception {
		List<String> ids = new ArrayList<>();
		while (ids.size() < total) {
			Map<String, Object> runs = http.json(API + "/" + key + "/runs?limit=500&offset=" + ids.size());
			List<Map<String, Object>> page = list(runs, "runs");
			assertThat(page).as("runs of %s from %d", key, ids.size()).isNotEmpty();
			page.forEach((run) -> ids.add((String) run.get("run_id")));
		}
		return ids;
	}

	/**
	 * Cuts one file in the middle of its last line, as a kill in the middle of a write
	 * leaves it.
	 */
	private static void cutLastLineOfOneFile(Path traces, Random random) throws Exception {
		List<Path> files;
		try (Stream<Path> list = Files.list(traces)) {
			files = list.filter((file) -> {
				try {
					return Files.size(file) > 0;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).toList();
		}
		Path file = files.get(random.nextInt(files.size()));
		byte[] bytes = Files.readAllBytes(file);
		int end = bytes.length;
		while (end > 0 && bytes[end - 1] == '\n') {
			end--;
		}
		int start = end;
		while (start > 0 && bytes[start - 1] != '\n') {
			start--;
		}
		// keep between 1 byte and all but the last one of the line
		int cut = start + 1 + random.nextInt(Math.max(1, end - start - 2));
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(cut);
		}
	}

	/** Whether the file ends with a line that is no JSON object and has no line feed. */
	private static boolean endsWithIncompleteLine(Path file) throws Exception {
		String text = Files.readString(file, StandardCharsets.UTF_8);
		String tail = text.substring(text.lastIndexOf('\n') + 1);
		if (tail.isBlank()) {
			return false;
		}
		try {
			EventCodec.readLine(tail);
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
		return (List<Map<String, Object>>) json.get(key);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> json, String key) {
		return (Map<String, Object>) json.get(key);
	}

	private Process startWriter(Path traces, int round) throws Exception {
		Path log = this.root.resolve("writer-" + round + ".log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				Writer.class.getName(), traces.toString());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Waits until the writer has written a few hundred kilobytes. */
	private static void awaitWriting(Path traces, Process writer) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		long start = size(traces);
		while (System.nanoTime() < deadline && writer.isAlive()) {
			if (size(traces) - start > 300_000) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the writer wrote nothing within 60 s (alive: " + writer.isAlive() + ")");
	}

	/**
	 * Waits until no file was modified for longer than the viewer waits before it takes a
	 * last line without line feed for cut.
	 */
	private static void awaitSettled(Path traces) throws Exception {
		long newest = 0;
		try (Stream<Path> files = Files.list(traces)) {
			for (Path file : files.toList()) {
				newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
			}
		}
		long wait = newest + SETTLE.toMillis() - System.currentTimeMillis();
		if (wait > 0) {
			Thread.sleep(wait);
		}
	}

	private static long size(Path traces) throws Exception {
		long total = 0;
		try (Stream<Path> files = Files.list(traces)) {
			for (Path file : files.toList()) {
				total += Files.size(file);
			}
		}
		return total;
	}

	/** Traces runs from 16 threads into the directory until it is killed. */
	static final class Writer {

		private Writer() {
		}

		public static void main(String[] args) {
			Path traces = Path.of(args[0]);
			AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(traces, true, false)).build();
			for (int i = 0; i < THREADS; i++) {
				int thread = i;
				Thread worker = new Thread(() -> {
					Random random = new Random(thread);
					for (long run = 0;; run++) {
						String session = "session-" + (thread % 8) + ((run % 3 == 0) ? "-shared" : "-" + thread);
						String input = "question " + run + " " + "x".repeat(random.nextInt(4_000));
						tracer.newRun("crash-test")
							.sessionId(session)
							.input(input)
							.call(() -> tracer.callTool("lookup", Map.of("n", thread),
									() -> "y".repeat(random.nextInt(2_000))));
					}
				});
				worker.start();
			}
		}

	}

}
