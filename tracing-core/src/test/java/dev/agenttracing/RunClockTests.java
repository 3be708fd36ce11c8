package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events of a run are timed on the run's clock: its start plus the monotonic time
 * since.
 */
class RunClockTests {

	private final RecordingExporter exporter = new RecordingExporter();

	private final AgentTracer tracer = AgentTracer.builder().exporter("recording", this.exporter).build();

	@Test
	void aReadingIsTheRunsStartPlusTheMonotonicTimeSinceInWholeMicroseconds() {
		try (AgentRun run = this.tracer.newRun("agent").start()) {
			long start = System.nanoTime();
			Instant at = run.at(start);
			Instant later = run.at(start + 1_234_567_891L);
			// both cut to whole microseconds of the time since the run's start
			assertThat(Duration.between(at, later)).isBetween(Duration.ofNanos(1_234_567_000L),
					Duration.ofNanos(1_234_568_000L));
			assertThat(later.getNano() % 1_000).isZero();
			// a reading from before the run's start is its start
			assertThat(run.at(start - Duration.ofHours(1).toNanos())).isEqualTo(run.startedAt());
		}
	}

	@Test
	void theEventsOfARunNeverGoBackInTime() {
		try (AgentRun run = this.tracer.newRun("agent").start()) {
			for (int i = 0; i < 200; i++) {
				run.startTool("tool", Map.of("i", i)).complete(i);
				run.content("chunk " + i);
				run.reasoning("step " + i, null);
				run.startModelCall("model", "provider", "prompt " + i).complete("answer");
			}
			run.contentCompleted();
		}
		this.tracer.flush(Duration.ofSeconds(5));
		List<TraceEvent> events = this.exporter.events();
		assertThat(events).hasSize(1 + 200 * 6 + 2);
		for (int i = 1; i < events.size(); i++) {
			assertThat(events.get(i).timestamp()).as("event %d", i).isAfterOrEqualTo(events.get(i - 1).timestamp());
		}
	}

}
