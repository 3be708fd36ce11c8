package dev.agenttracing.export.jsonl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.EventCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process writing trace files from 16 threads, killed with {@code kill -9} at random
 * points, round after round on the same directory: every file stays readable; only its
 * last line may be incomplete, and that line is skipped, while the process of the next
 * round that appends to the file first cuts it off.
 */
class CrashSafetyTests {

	private static final int ROUNDS = 4;

	private static final int THREADS = 16;

	@TempDir
	Path traces;

	@Test
	void filesOfAProcessKilledWhileWritingStayReadable() throws Exception {
		Random random = new Random();
		int incomplete = 0;
		for (int round = 0; round < ROUNDS; round++) {
			Process writer = startWriter(round);
			try {
				awaitWriting(writer);
				Thread.sleep(200 + random.nextInt(800));
			}
			finally {
				writer.destroyForcibly();
				assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
			}
			incomplete += checkEveryFile();
		}
		try (Stream<Path> files = Files.list(this.traces)) {
			assertThat(files.count()).isGreaterThanOrEqualTo(THREADS);
		}
		// not asserted: whether a kill landed in the middle of a line is chance
		System.out.println("Incomplete last lines after " + ROUNDS + " kills: " + incomplete);
	}

	/**
	 * Reads every file: all lines but the last are whole events; the last is either whole
	 * too or skipped as incomplete. Returns the number of files with an incomplete last
	 * line.
	 */
	private int checkEveryFile() throws Exception {
		int incomplete = 0;
		try (Stream<Path> files = Files.list(this.traces)) {
			for (Path file : files.toList()) {
				String text = Files.readString(file, StandardCharsets.UTF_8);
				List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
				String tail = lines.remove(lines.size() - 1);
				lines.removeIf(String::isBlank);
				for (String line : lines) {
					EventCodec.readLine(line);
				}
				int whole = lines.size();
				if (!tail.isEmpty()) {
					boolean parses;
					try {
						EventCodec.readLine(tail);
						parses = true;
					}
					catch (IllegalArgumentException ex) {
						parses = false;
					}
					if (parses) {
						whole++;
					}
					else {
						incomplete++;
					}
				}
				assertThat(TraceFiles.readTraceEvents(file)).as(file.toString()).hasSize(whole);
				assertThat(TraceFiles.readTraceFile(file)).hasSize(whole);
			}
		}
		return incomplete;
	}

	private Process startWriter(int round) throws Exception {
		Path log = this.traces.resolveSibling("writer-" + round + ".log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-cp", System.getProperty("java.class.path"), Writer.class.getName(), this.traces.toString());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Waits until the writer has written a few hundred kilobytes. */
	private void awaitWriting(Process writer) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		long start = size();
		while (System.nanoTime() < deadline && writer.isAlive()) {
			if (size() - start > 300_000) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the writer wrote nothing within 60 s (alive: " + writer.isAlive() + ")");
	}

	private long size() throws Exception {
		if (!Files.isDirectory(this.traces)) {
			return 0;
		}
		long total = 0;
		try (Stream<Path> files = Files.list(this.traces)) {
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
