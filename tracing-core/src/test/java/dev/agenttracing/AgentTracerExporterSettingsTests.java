package dev.agenttracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.celesto.CelestoExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An exporter added with its own batch size and flush interval gets a channel with those;
 * one added without gets the batching it declares, or else the builder's.
 */
class AgentTracerExporterSettingsTests {

	@Test
	void givesAnExporterItsOwnBatchSizeWhileTheOthersKeepTheBuildersOne() {
		BatchRecorder files = new BatchRecorder();
		BatchRecorder backend = new BatchRecorder();
		AgentTracer tracer = AgentTracer.builder()
			.exporter("files", files)
			.exporter("backend", backend, 50, Duration.ofMinutes(1))
			.build();
		for (int i = 0; i < 50; i++) {
			tracer.newRun("Agent").start().complete("answer " + i);
		}

		assertThat(tracer.shutdown(Duration.ofSeconds(10))).isTrue();
		assertThat(files.sizes).hasSize(100).containsOnly(1);
		assertThat(backend.sizes).containsExactly(50, 50);
	}

	@Test
	void batchesAnExporterAsItDeclaresUnlessItIsAddedWithItsOwnSettings() {
		BatchRecorder declared = new BatchRecorder(ExportBatching.fixed(25, Duration.ofMinutes(1)));
		BatchRecorder overridden = new BatchRecorder(ExportBatching.fixed(25, Duration.ofMinutes(1)));
		AgentTracer tracer = AgentTracer.builder()
			.exporter("declared", declared)
			.exporter("overridden", overridden, 50, Duration.ofMinutes(1))
			.build();
		for (int i = 0; i < 50; i++) {
			tracer.newRun("Agent").start().complete("answer " + i);
		}

		assertThat(tracer.channels()).extracting(ExportChannel::batching)
			.containsExactly(ExportBatching.fixed(25, Duration.ofMinutes(1)),
					ExportBatching.fixed(50, Duration.ofMinutes(1)));
		assertThat(tracer.shutdown(Duration.ofSeconds(10))).isTrue();
		assertThat(declared.sizes).containsExactly(25, 25, 25, 25);
		assertThat(overridden.sizes).containsExactly(50, 50);
	}

	@Test
	void exportsALoneEventOfAnExporterWithQueuedBatchingWithoutWaitingForTheFlushInterval() throws Exception {
		BatchRecorder queued = new BatchRecorder(ExportBatching.queued(512));
		AgentTracer tracer = AgentTracer.builder()
			.flushInterval(Duration.ofHours(1))
			.exporter("queued", queued)
			.build();
		AgentRun run = tracer.newRun("Agent").start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (queued.sizes.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(queued.sizes).containsExactly(1);
		}
		finally {
			run.complete("done");
			tracer.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void celestoDeclaresItsMaxBatchSizeAndBatchDelay() {
		CelestoExporter celesto = CelestoExporter.builder()
			.token("test-token")
			.maxBatchSize(64)
			.batchDelay(Duration.ofSeconds(2))
			.build();
		AgentTracer tracer = AgentTracer.builder().exporter(celesto).build();

		assertThat(tracer.channels()).singleElement()
			.extracting(ExportChannel::batching)
			.isEqualTo(ExportBatching.fixed(64, Duration.ofSeconds(2)));
		tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void rejectsInvalidExporterSettings() {
		BatchRecorder exporter = new BatchRecorder();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgentTracer.builder().exporter("x", exporter, 0, Duration.ofSeconds(1)))
			.withMessageContaining("batchSize");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgentTracer.builder().exporter("x", exporter, 10, Duration.ZERO))
			.withMessageContaining("flushInterval");
	}

	static final class BatchRecorder implements TraceExporter {

		final List<Integer> sizes = new CopyOnWriteArrayList<>();

		private final @Nullable ExportBatching batching;

		BatchRecorder() {
			this(null);
		}

		BatchRecorder(@Nullable ExportBatching batching) {
			this.batching = batching;
		}

		@Override
		public @Nullable ExportBatching batching() {
			return this.batching;
		}

		@Override
		public void export(List<TraceEvent> events) {
			this.sizes.add(events.size());
		}

	}

}
