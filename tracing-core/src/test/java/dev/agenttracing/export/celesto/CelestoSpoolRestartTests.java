package dev.agenttracing.export.celesto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.celesto.RecordingServer.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes ({@link SpoolChild}) that trace while the Celesto ingest is down, and
 * are stopped with SIGTERM or killed with {@code kill -9}; the next process with the same
 * spool directory delivers what the first one spooled.
 */
@DisabledOnOs(OS.WINDOWS)
class CelestoSpoolRestartTests {

	private static final int RUNS = 500;

	@TempDir
	Path dir;

	private RecordingServer server;

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void start() throws Exception {
		this.server = RecordingServer.start();
		this.server.stop();
	}

	@AfterEach
	void stop() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		this.server.close();
	}

	@Test
	void whatAProcessStoppedWithSigtermHadTracedArrivesFromTheNextProcess() throws Exception {
		Path spool = this.dir.resolve("spool");
		// the first batch is still being retried when SIGTERM comes: the deadline spools
		// it
		Child first = child(spool, RUNS, 1000, 0, "first");
		first.awaitLine("traced " + RUNS, Duration.ofSeconds(60));
		Thread.sleep(500);

		long stopping = System.nanoTime();
		first.process.destroy();
		assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		Duration exit = Duration.ofNanos(System.nanoTime() - stopping);
		Set<String> traced = first.tracedRuns();
		assertThat(traced).hasSize(RUNS);
		assertThat(spoolFiles(spool)).isNotEmpty();
		assertThat(this.server.exchanges()).isEmpty();

		this.server.respond((index, request) -> Reply.ok());
		this.server.restart();
		Child second = child(spool, 0, 3, 0, "second");
		int spooled = spoolFiles(spool).size();
		try {
			CelestoSpoolTests.await(Duration.ofSeconds(60), () -> deliveredRuns().containsAll(traced));
		}
		catch (AssertionError ex) {
			Set<String> missing = new LinkedHashSet<>(traced);
			missing.removeAll(deliveredRuns());
			throw new AssertionError(missing.size() + " runs of " + RUNS + " missing; " + spooled
					+ " spool files after SIGTERM; the first process said: " + first.lines(), ex);
		}

		assertThat(deliveredRuns()).containsExactlyInAnyOrderElementsOf(traced);
		assertThat(CelestoSpoolTests.distinctKeys(this.server.deliveredItems())).isEqualTo(RUNS * 3);
		CelestoSpoolTests.await(Duration.ofSeconds(10), () -> spoolFiles(spool).isEmpty());
		System.out.printf("SIGTERM: %d runs traced, exit %d ms after SIGTERM, all %d delivered by the next process%n",
				RUNS, exit.toMillis(), RUNS);
		second.process.destroy();
	}

	@Test
	void whatAProcessKilledWithKill9HadSpooledArrivesFromTheNextProcess() throws Exception {
		List<String> report = new ArrayList<>();
		for (int round = 1; round <= 3; round++) {
			Path spool = this.dir.resolve("spool-" + round);
			this.server.stop();
			long spawned = System.nanoTime();
			Child first = child(spool, -1, 2, 1, "kill-" + round);
			// in the middle of the outage: batches are being spooled as they fill
			first.awaitRuns(100, Duration.ofSeconds(60));
			CelestoSpoolTests.await(Duration.ofSeconds(60), () -> !spoolFiles(spool).isEmpty());
			Thread.sleep(ThreadLocalRandom.current().nextInt(1500));
			first.process.destroyForcibly();
			long alive = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawned);
			assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();

			Set<String> traced = first.tracedRuns();
			List<Path> files = spoolFiles(spool);
			Map<String, List<String>> spooled = CelestoSpoolTests.expectedItemsByTrace(readSpool(files));
			Set<String> spooledKeys = new HashSet<>();
			spooled.values().forEach(spooledKeys::addAll);

			this.server.respond((index, request) -> Reply.ok());
			this.server.restart();
			Child second = child(spool, 0, 3, 0, "after-kill-" + round);
			CelestoSpoolTests.await(Duration.ofSeconds(60), () -> deliveredKeys().containsAll(spooledKeys));
			CelestoSpoolTests.await(Duration.ofSeconds(10), () -> spoolFiles(spool).isEmpty());
			second.process.destroy();
			assertThat(second.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

			assertThat(traced).containsAll(spooled.keySet());
			Set<String> delivered = new LinkedHashSet<>(traced);
			delivered.retainAll(deliveredRuns());
			Set<String> lost = new LinkedHashSet<>(traced);
			lost.removeAll(delivered);
			report.add(String.format(
					"round %d: %d runs traced, killed %d ms after the start, %d items in %d spool files at the kill, "
							+ "%d runs delivered after the restart, %d lost (only in memory)",
					round, traced.size(), alive, spooledKeys.size(), files.size(), delivered.size(), lost.size()));
			this.server.stop();
		}
		report.forEach((line) -> System.out.println("kill -9 " + line));
	}

	/** The trace ids of the runs whose agent span arrived. */
	private Set<String> deliveredRuns() {
		Set<String> runs = new HashSet<>();
		for (Map<String, Object> item : this.server.deliveredItems()) {
			if ("trace.span".equals(item.get("object"))
					&& "agent".equals(((Map<?, ?>) item.get("span_data")).get("type"))) {
				runs.add(String.valueOf(item.get("trace_id")));
			}
		}
		return runs;
	}

	private Set<String> deliveredKeys() {
		Set<String> keys = new HashSet<>();
		this.server.deliveredItems().forEach((item) -> keys.add(CelestoSpoolTests.key(item)));
		return keys;
	}

	private static List<TraceEvent> readSpool(List<Path> files) throws IOException {
		List<TraceEvent> events = new ArrayList<>();
		for (Path file : files) {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (String line : lines.subList(1, lines.size())) {
				events.add(TraceEvent.fromMap(EventCodec.readLine(line)));
			}
		}
		return events;
	}

	private static List<Path> spoolFiles(Path spool) {
		if (!Files.isDirectory(spool)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(spool)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".spool")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Child child(Path spool, int runs, int attempts, int pauseMillis, String name) throws IOException {
		Path output = this.dir.resolve(name + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, SpoolChild.class.getName(),
				this.server.uri().toString(), spool.toString(), String.valueOf(runs), String.valueOf(attempts),
				String.valueOf(pauseMillis))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Process process = builder.start();
		this.processes.add(process);
		return new Child(process, output);
	}

	private record Child(Process process, Path output) {

		List<String> lines() {
			try {
				return Files.readAllLines(this.output, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		Set<String> tracedRuns() {
			Set<String> runs = new LinkedHashSet<>();
			for (String line : lines()) {
				if (line.startsWith("run ")) {
					runs.add(line.substring(4));
				}
			}
			return runs;
		}

		void awaitLine(String line, Duration timeout) throws InterruptedException {
			CelestoSpoolTests.await(timeout, () -> {
				assertThat(this.process.isAlive()).as("child alive; its output: %s", lines()).isTrue();
				return lines().contains(line);
			});
		}

		void awaitRuns(int runs, Duration timeout) throws InterruptedException {
			CelestoSpoolTests.await(timeout, () -> {
				assertThat(this.process.isAlive()).as("child alive; its output: %s", lines()).isTrue();
				return tracedRuns().size() >= runs;
			});
		}

	}

}
