package dev.agenttracing.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.RecordingExporter;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Queued batching: each export call takes what is queued, up to a cap, and none waits for
 * more.
 */
class ExportChannelQueuedBatchingTests {

	private static final RunInfo RUN = new RunInfo("run-1", "s", "trace_00000000000000000000000000000000",
			"span_000000000000000000000000", "agent", null, null);

	@TempDir
	Path dir;

	private static TraceEvent event() {
		return new RunContentCompleted(Instant.now(), RUN);
	}

	@Test
	void exportsTheEventsQueuedDuringAnExportInOneCallUpToTheCap() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RecordingExporter exporter = new RecordingExporter() {
			@Override
			public void export(List<TraceEvent> events) {
				entered.countDown();
				await(release);
				super.export(events);
			}
		};
		ExportChannel channel = new ExportChannel("rec", exporter, ExportBatching.queued(8), 100);
		channel.offer(event());
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 20; i++) {
			channel.offer(event());
		}
		release.countDown();

		assertThat(exporter.awaitEvents(21, Duration.ofSeconds(5))).hasSize(21);
		assertThat(exporter.batches()).extracting(List::size).containsExactly(1, 8, 8, 4);
		assertThat(channel.shutdown(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void exportsALoneEventAtOnceWithoutAFlushInterval() throws Exception {
		RecordingExporter exporter = new RecordingExporter();
		ExportChannel channel = new ExportChannel("rec", exporter, ExportBatching.queued(512), 100);
		long start = System.nanoTime();
		channel.offer(event());

		assertThat(exporter.awaitEvents(1, Duration.ofSeconds(5))).hasSize(1);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(channel.batching().waitsForFullBatch()).isFalse();
		assertThat(channel.shutdown(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void aJsonlLineIsInItsFileWhenTheExportCallReturns() throws Exception {
		JsonlExporter jsonl = new JsonlExporter(this.dir);
		CountDownLatch exported = new CountDownLatch(1);
		TraceExporter probe = new TraceExporter() {
			@Override
			public void export(List<TraceEvent> events) throws Exception {
				jsonl.export(events);
				exported.countDown();
			}

			@Override
			public ExportBatching batching() {
				return jsonl.batching();
			}
		};
		ExportChannel channel = new ExportChannel("files", probe, probe.batching(), 100);
		channel.offer(event());

		assertThat(exported.await(1, TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readAllLines(jsonl.sessionFile("s"))).hasSize(1);
		assertThat(channel.shutdown(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void theJsonlExporterDeclaresQueuedBatching() {
		assertThat(new JsonlExporter(this.dir).batching())
			.isEqualTo(ExportBatching.queued(JsonlExporter.MAX_BATCH_SIZE));
	}

	@Test
	void rejectsCapacitiesOutsideOneToTwoToTheThirty() {
		TraceExporter exporter = (events) -> {
		};
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportChannel("x", exporter, ExportBatching.queued(1), 0))
			.withMessageContaining("1 to 1073741824");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportChannel("x", exporter, ExportBatching.queued(1), (1 << 30) + 1));
	}

	@Test
	void rejectsABatchSizeBelowOneAndAFlushIntervalThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> ExportBatching.queued(0))
			.withMessageContaining("batchSize");
		assertThatIllegalArgumentException().isThrownBy(() -> ExportBatching.fixed(1, Duration.ofSeconds(-1)))
			.withMessageContaining("flushInterval");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
