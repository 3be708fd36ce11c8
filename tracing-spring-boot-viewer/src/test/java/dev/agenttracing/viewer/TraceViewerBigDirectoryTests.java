package dev.agenttracing.viewer;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer over a session file of 2,000,000 one-line runs (about 250 MB, generated
 * here): with its default bounds it lists the runs, newest and oldest, while its indexes
 * keep well under 100 MB of heap. Without the bounds the same index took more than a
 * gigabyte.
 */
class TraceViewerBigDirectoryTests {

	private static final int RUNS = 2_000_000;

	private static final long MB = 1024 * 1024;

	@TempDir
	Path traces;

	@Test
	void listsTheRunsOfAHugeSessionWithinItsMemoryBounds() throws Exception {
		long started = System.nanoTime();
		Path file = this.traces.resolve("big.jsonl");
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			StringBuilder line = new StringBuilder(200);
			for (int i = 0; i < RUNS; i++) {
				// one run a millisecond from 04:00:00
				line.setLength(0);
				line.append("{\"event\":\"RunStarted\",\"timestamp\":\"2026-11-22T04:");
				two(line, i / 60_000).append(':');
				two(line, (i / 1000) % 60).append('.');
				line.append(String.valueOf(1000 + i % 1000), 1, 4)
					.append("000Z\",\"session_id\":\"big\",\"run_id\":\"run-");
				line.append(i).append("\",\"span_id\":\"span_").append(i).append("\"}\n");
				out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
			}
		}
		long size = Files.size(file);
		long written = System.nanoTime();
		long before = usedHeapAfterGc();

		TraceDirectory directory = new TraceDirectory(this.traces);
		Map<String, Object> sessions = directory.sessions("", 0, 50);
		long listed = System.nanoTime();
		SessionIndex session = directory.session("big");
		List<Map<String, Object>> newest = session.runs(0, 50);
		long firstPage = System.nanoTime();
		List<Map<String, Object>> oldest = session.runs(RUNS - 10, 50);
		long oldestPage = System.nanoTime();
		long retained = usedHeapAfterGc() - before;

		System.out.printf("VIEWER-BIG %,d one-line runs, %,d bytes (written in %d ms): sessions page (indexes the "
				+ "file) %d ms, newest runs page %d ms, oldest runs page (read again) %d ms; heap retained after GC "
				+ "%,d KB, estimated %,d KB, %,d runs indexed%n", RUNS, size, millis(started, written),
				millis(written, listed), millis(listed, firstPage), millis(firstPage, oldestPage), retained / 1024,
				directory.cacheUse()[0] / 1024, session.indexedRuns());
		assertThat(sessions).containsEntry("total", 1);
		assertThat(session.runCount()).isEqualTo(RUNS);
		assertThat(session.indexedRuns()).isLessThanOrEqualTo(TraceDirectory.MAX_RUNS);
		assertThat(directory.cacheUse()[0]).isLessThanOrEqualTo(TraceDirectory.MAX_BYTES);
		assertThat(newest).hasSize(50)
			.first()
			.satisfies((run) -> assertThat(run).containsEntry("run_id", "run-1999999"));
		assertThat(oldest).hasSize(10).last().satisfies((run) -> assertThat(run).containsEntry("run_id", "run-0"));
		assertThat(retained).as("heap retained by the viewer's indexes").isLessThan(100 * MB);
		Reference.reachabilityFence(directory);
		Reference.reachabilityFence(session);
	}

	private static StringBuilder two(StringBuilder text, int number) {
		return text.append((char) ('0' + number / 10)).append((char) ('0' + number % 10));
	}

	private static long millis(long from, long to) {
		return (to - from) / 1_000_000;
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
