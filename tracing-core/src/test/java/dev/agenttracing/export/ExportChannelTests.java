package dev.agenttracing.export;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

class ExportChannelTests {

	private static final RunInfo RUN = new RunInfo("run-1", "s", "trace_00000000000000000000000000000000",
			"span_000000000000000000000000", "agent", null, null);

	@TempDir
	Path dir;

	private static TraceEvent event() {
		return new RunContentCompleted(Instant.now(), RUN);
	}

	@Test
	void deliversFullBatchesOfTheConfiguredSize() throws Exception {
		RecordingExporter exporter = new RecordingExporter();
		ExportChannel channel = new ExportChannel("rec", exporter, 5, Duration.ofMinutes(1), 100);
		for (int i = 0; i < 20; i++) {
			channel.offer(event());
		}
		assertThat(exporter.awaitEvents(20, Duration.ofSeconds(5))).hasSize(20);
		assertThat(exporter.batches()).hasSize(4).allSatisfy(batch -> assertThat(batch).hasSize(5));
		channel.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void deliversAPartialBatchWithinTheFlushInterval() throws Exception {
		RecordingExporter exporter = new RecordingExporter();
		ExportChannel channel = new ExportChannel("rec", exporter, 100, Duration.ofMillis(200), 100);
		long start = System.nanoTime();
		channel.offer(event());
		channel.offer(event());
		channel.offer(event());
		assertThat(exporter.awaitEvents(3, Duration.ofSeconds(5))).hasSize(3);
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(exporter.batches()).hasSize(1);
		assertThat(waitedMillis).isGreaterThanOrEqualTo(150).isLessThan(3_000);
		channel.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void flushDeliversAPartialBatchAtOnce() {
		RecordingExporter exporter = new RecordingExporter();
		ExportChannel channel = new ExportChannel("rec", exporter, 100, Duration.ofHours(1), 100);
		channel.offer(event());
		assertThat(channel.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(exporter.events()).hasSize(1);
		channel.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void fullQueueDropsAndCountsWithoutBlockingAndShutdownDrainsTheRest() throws Exception {
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		Logger logger = (Logger) LoggerFactory.getLogger(ExportChannel.class);
		logger.addAppender(logs);
		BlockingExporter exporter = new BlockingExporter();
		ExportChannel channel = new ExportChannel("slow", exporter, 10, Duration.ofMillis(10), 100);
		channel.offer(event());
		assertThat(exporter.entered.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		int offered = 100_000;
		int accepted = 0;
		for (int i = 0; i < offered; i++) {
			if (channel.offer(event())) {
				accepted++;
			}
		}
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		ExporterStats stats = channel.stats();
		assertThat(accepted).isEqualTo(100);
		assertThat(stats.queued()).isEqualTo(100);
		assertThat(stats.dropped()).isEqualTo(offered - 100);
		assertThat(stats.accepted()).isEqualTo(101);
		assertThat(elapsedMillis).as("offer never blocks").isLessThan(5_000);
		assertThat(logs.list).as("one rate-limited warning for all drops")
			.singleElement()
			.satisfies(line -> assertThat(line.getFormattedMessage())
				.isEqualTo("Trace exporter 'slow' queue is full (capacity 100): dropped an event; 1 dropped so far"));
		exporter.release.countDown();
		assertThat(channel.shutdown(Duration.ofSeconds(5))).isTrue();
		assertThat(exporter.received).isEqualTo(101);
		assertThat(channel.stats().exported()).isEqualTo(101);
		assertThat(channel.offer(event())).as("closed channel refuses").isFalse();
		logger.detachAppender(logs);
	}

	@Test
	void shutdownExportsEverythingQueuedDespiteALongFlushInterval() {
		RecordingExporter exporter = new RecordingExporter();
		ExportChannel channel = new ExportChannel("rec", exporter, 512, Duration.ofSeconds(60), 8192);
		for (int i = 0; i < 1_000; i++) {
			channel.offer(event());
		}
		assertThat(channel.shutdown(Duration.ofSeconds(5))).isTrue();
		assertThat(exporter.events()).hasSize(1_000);
		assertThat(exporter.batches()).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(512));
	}

	@Test
	void shutdownReturnsWithinItsTimeoutWhenTheExporterHangs() throws Exception {
		BlockingExporter exporter = new BlockingExporter();
		ExportChannel channel = new ExportChannel("hung", exporter, 1, Duration.ofMillis(10), 100);
		channel.offer(event());
		channel.offer(event());
		assertThat(exporter.entered.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		assertThat(channel.shutdown(Duration.ofMillis(300))).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
	}

	@Test
	void failingAndHangingExportersNeitherSlowTheRunsNorStarveTheFiles() throws Exception {
		BlockingExporter hanging = new BlockingExporter();
		TraceExporter failing = events -> {
			throw new IllegalStateException("backend down");
		};
		AgentTracer tracer = AgentTracer.builder()
			.exporter("failing", failing)
			.exporter("hanging", hanging)
			.exporter("files", new JsonlExporter(this.dir))
			.build();
		long start = System.nanoTime();
		for (int i = 0; i < 500; i++) {
			tracer.newRun("agent").sessionId("s").call(() -> tracer.callTool("t", Map.of("i", 1), () -> "r"));
		}
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsedMillis).as("runs finish without waiting for the hanging exporter (sleeps 10 s)")
			.isLessThan(5_000);
		assertThat(tracer.flush(Duration.ofSeconds(1))).as("the hanging exporter cannot flush").isFalse();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (tracer.stats().get("files").exported() < 2_000 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(TraceFiles.readTraceEvents(this.dir.resolve("s.jsonl"))).hasSize(2_000);
		Map<String, ExporterStats> stats = tracer.stats();
		assertThat(stats.get("failing").failed()).isEqualTo(2_000);
		assertThat(stats.get("failing").lastError()).contains("backend down");
		assertThat(stats.get("files").exported()).isEqualTo(2_000);
		assertThat(stats.get("files").failed()).isZero();
		long shutdownStart = System.nanoTime();
		tracer.shutdown(Duration.ofMillis(500));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shutdownStart)).isLessThan(3_000);
	}

	/** Blocks its first export until released (at most 10 s, like a hung backend). */
	static final class BlockingExporter implements TraceExporter {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile int received;

		@Override
		public void export(List<TraceEvent> events) throws InterruptedException {
			this.entered.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			this.received += events.size();
		}

	}

}
