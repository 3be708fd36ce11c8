package dev.agenttracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** An exporter added with its own batch size and flush interval gets a channel with those. */
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

		@Override
		public void export(List<TraceEvent> events) {
			this.sizes.add(events.size());
		}

	}

}
