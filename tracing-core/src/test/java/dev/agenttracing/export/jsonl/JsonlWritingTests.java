package dev.agenttracing.export.jsonl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the lines of an export call reach their files, with and without {@code flushEach}.
 */
class JsonlWritingTests {

	private static final Instant AT = Instant.parse("2026-11-28T12:00:00.123456Z");

	@Test
	void withFlushEachEveryLineOfABatchAcrossSessionsIsInItsFileWhenExportReturns(@TempDir Path dir) throws Exception {
		JsonlExporter exporter = new JsonlExporter(dir, true, false);
		List<TraceEvent> batch = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			// three sessions interleaved; every 100th chunk is bigger than the 64 KiB
			// append limit
			String chunk = (i % 100 == 99) ? "x".repeat(70_000) + i : "chunk " + i;
			batch.add(new RunContent(AT, run("session-" + (i % 3)), chunk, "str"));
		}
		exporter.export(batch);

		for (int session = 0; session < 3; session++) {
			List<TraceEvent> lines = TraceFiles.readTraceEvents(dir.resolve("session-" + session + ".jsonl"));
			List<TraceEvent> expected = new ArrayList<>();
			for (int i = session; i < 600; i += 3) {
				expected.add(batch.get(i));
			}
			assertThat(lines).isEqualTo(expected);
		}
		exporter.shutdown();
	}

	@Test
	void withoutFlushEachLinesWaitForAFlushAndArriveWhole(@TempDir Path dir) throws Exception {
		JsonlExporter exporter = new JsonlExporter(dir, false, false);
		List<TraceEvent> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(new RunContent(AT, run("s"), "chunk " + i, "str"));
		}
		exporter.export(batch);
		Path file = dir.resolve("s.jsonl");
		assertThat(Files.size(file)).isZero();

		exporter.flush();
		assertThat(TraceFiles.readTraceEvents(file)).isEqualTo(batch);
		exporter.shutdown();
	}

	private static RunInfo run(String session) {
		return new RunInfo("run-" + session, session, "trace_1", "span_1", "agent", null, null);
	}

}
