package dev.agenttracing.export.jsonl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentRunsTests {

	private static final int THREADS = 16;

	private static final int RUNS_PER_THREAD = 1_000;

	private static final int SESSIONS = 8;

	@TempDir
	Path dir;

	@Test
	void sixteenThreadsOfRunsAcrossEightSessionsLoseNothingAndKeepEachRunsOrder() throws Exception {
		// the queue holds every event, so nothing may be dropped however fast the threads
		// are
		AgentTracer tracer = AgentTracer.builder()
			.exporter(new JsonlExporter(this.dir, true, false))
			.queueCapacity(THREADS * RUNS_PER_THREAD * 5)
			.build();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			futures.add(pool.submit(() -> {
				for (int n = 0; n < RUNS_PER_THREAD; n++) {
					int i = n;
					String session = "session-" + ((thread + i) % SESSIONS);
					try (AgentRun run = tracer.newRun("agent-" + thread).sessionId(session).input("q" + i).start()) {
						tracer.callTool("lookup", Map.of("thread", thread, "i", i), () -> "found " + i);
						run.content("chunk " + i);
						run.complete("answer " + i);
					}
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		assertThat(tracer.shutdown(Duration.ofSeconds(60))).isTrue();
		assertThat(tracer.stats().get("JsonlExporter").dropped()).isZero();

		List<Path> files;
		try (Stream<Path> list = Files.list(this.dir)) {
			files = list.sorted().toList();
		}
		assertThat(files).hasSize(SESSIONS);
		Map<String, List<String>> eventsByRun = new HashMap<>();
		long lines = 0;
		for (Path file : files) {
			String session = file.getFileName().toString().replace(".jsonl", "");
			for (Map<String, Object> line : TraceFiles.readTraceFile(file)) {
				lines++;
				assertThat(line.get("session_id")).isEqualTo(session);
				eventsByRun.computeIfAbsent((String) line.get("run_id"), id -> new ArrayList<>())
					.add((String) line.get("event"));
			}
			assertThat(TraceFiles.readTraceEvents(file)).isNotEmpty();
		}
		assertThat(lines).isEqualTo((long) THREADS * RUNS_PER_THREAD * 5);
		assertThat(eventsByRun).hasSize(THREADS * RUNS_PER_THREAD);
		assertThat(eventsByRun.values()).allSatisfy(events -> assertThat(events).containsExactly("RunStarted",
				"ToolCallStarted", "ToolCallCompleted", "RunContent", "RunCompleted"));
	}

	@Test
	void appendsAcrossRestartsAndConcurrentWritersWithoutTornLines() throws Exception {
		int writers = 4;
		List<AgentTracer> tracers = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			// separate exporters on one file, like two processes or a restart
			tracers.add(AgentTracer.builder().exporter(new JsonlExporter(this.dir, false, false)).build());
		}
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		List<Future<?>> futures = new ArrayList<>();
		String big = "x".repeat(20_000);
		for (AgentTracer tracer : tracers) {
			futures.add(pool.submit(() -> {
				for (int i = 0; i < 200; i++) {
					tracer.newRun("agent").sessionId("shared").input(big).start().complete(big);
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		for (AgentTracer tracer : tracers) {
			assertThat(tracer.shutdown(Duration.ofSeconds(30))).isTrue();
		}
		List<Map<String, Object>> lines = TraceFiles.readTraceFile(this.dir.resolve("shared.jsonl"));
		assertThat(lines).hasSize(writers * 200 * 2);

		AgentTracer restarted = AgentTracer.builder().exporter(new JsonlExporter(this.dir)).build();
		restarted.newRun("agent").sessionId("shared").start().complete("after restart");
		restarted.shutdown(Duration.ofSeconds(5));
		List<Map<String, Object>> after = TraceFiles.readTraceFile(this.dir.resolve("shared.jsonl"));
		assertThat(after).hasSize(lines.size() + 2);
		assertThat(after.get(after.size() - 1)).containsEntry("content", "after restart");
	}

}
