package dev.agenttracing.sample;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 200 MB session file, read in a JVM of 256 MB of heap, which reading it whole runs out
 * of: the streaming reader counts its events, and the packaged sample serves it page by
 * page, streamed, without running out of memory.
 */
class LargeSessionFileIT {

	/** 10,000 runs of two events, each event with 10,000 characters of content. */
	private static final int RUNS = 10_000;

	private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

	@Test
	void aSessionFileLargerThanTheHeapIsStreamedAndServedPageByPage(@TempDir Path workDir) throws Exception {
		Path traces = workDir.resolve("traces");
		Path file = largeSessionFile(traces);
		assertThat(Files.size(file)).isGreaterThan(200_000_000L);

		// the whole-file read does not fit in the heap; the streamed one does
		assertThat(readInChildJvm(workDir, file, "whole")).startsWith("exit ").isNotEqualTo("exit 0");
		assertThat(readInChildJvm(workDir, file, "stream")).isEqualTo("events " + (2 * RUNS));

		try (SampleProcess sample = SampleProcess.start(workDir, Map.of(), SMALL_HEAP,
				"--tracing.jsonl.dir=" + traces)) {
			long offset = 0;
			int pages = 0;
			Object last = null;
			while (offset >= 0 && pages < 100) {
				SampleHttp.Response response = sample.http()
					.get("/api/agent/sessions/large/events?offset=" + offset + "&limit=1000");
				assertThat(response.status()).as(response.toString().substring(0, 200)).isEqualTo(200);
				Map<String, Object> page = response.json();
				List<Map<String, Object>> events = response.events();
				assertThat(page).containsEntry("offset", (int) offset).doesNotContainKey("error");
				assertThat(events).hasSizeLessThanOrEqualTo(1000);
				if (!events.isEmpty()) {
					last = events.get(events.size() - 1).get("run_id");
				}
				offset = (page.get("nextOffset") != null) ? ((Number) page.get("nextOffset")).longValue() : -1;
				pages++;
			}
			assertThat(pages).isEqualTo(2 * RUNS / 1000);
			assertThat(last).isEqualTo("run-" + (RUNS - 1));
			assertThat(sample.output()).doesNotContain("OutOfMemoryError");
		}
	}

	/**
	 * Writes one run with the exporter, then the file of {@link #RUNS} copies of its
	 * lines, each copy with its own run id.
	 */
	private static Path largeSessionFile(Path traces) throws Exception {
		Path seedDir = traces.resolveSibling("seed");
		AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(seedDir, true, false)).build();
		tracer.newRun("Support Agent")
			.sessionId("large")
			.input("q".repeat(10_000))
			.start()
			.complete("a".repeat(10_000));
		tracer.shutdown(Duration.ofSeconds(10));
		List<TraceEvent> seed = TraceFiles.readTraceEvents(seedDir.resolve("large.jsonl"));
		String runId = seed.get(0).runId();
		List<String> lines = Files.readAllLines(seedDir.resolve("large.jsonl"));
		Files.createDirectories(traces);
		Path file = traces.resolve("large.jsonl");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int run = 0; run < RUNS; run++) {
				for (String line : lines) {
					out.write(line.replace(runId, "run-" + run));
					out.write('\n');
				}
			}
		}
		return file;
	}

	/**
	 * Reads the file in a JVM of 256 MB of heap; its last output line, or its exit code.
	 */
	private static String readInChildJvm(Path workDir, Path file, String how) throws Exception {
		Path log = workDir.resolve("reader-" + how + ".log");
		List<String> command = new java.util.ArrayList<>(List.of(SampleProcess.javaExecutable()));
		command.addAll(SMALL_HEAP);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), LargeFileReader.class.getName(),
				file.toString(), how));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("the reader did not finish within 5 minutes");
		}
		if (process.exitValue() != 0) {
			return "exit " + process.exitValue();
		}
		List<String> output = Files.readAllLines(log);
		return output.get(output.size() - 1);
	}

	/** Reads a trace file whole or streamed and prints the number of its events. */
	static final class LargeFileReader {

		private LargeFileReader() {
		}

		public static void main(String[] args) throws Exception {
			Path file = Path.of(args[0]);
			long count;
			if ("whole".equals(args[1])) {
				count = TraceFiles.readTraceEvents(file).size();
			}
			else {
				try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file)) {
					count = events.count();
				}
			}
			System.out.println("events " + count);
		}

	}

}
