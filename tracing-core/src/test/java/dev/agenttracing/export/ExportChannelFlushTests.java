package dev.agenttracing.export;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flush exports everything queued before it, however close it follows the previous
 * flush.
 */
class ExportChannelFlushTests {

	@Test
	void flushExportsTheEventsQueuedJustAfterThePreviousFlushReturned() {
		AtomicInteger exported = new AtomicInteger();
		ExportChannel channel = new ExportChannel("count", events -> exported.addAndGet(events.size()), 256,
				Duration.ofMinutes(1), 8192);
		RunInfo run = new RunInfo("run", "default", "trace_0", "span_0", "Agent", null, null);
		try {
			for (int i = 1; i <= 2000; i++) {
				assertThat(channel.offer(new RunContentCompleted(Instant.now(), run))).isTrue();
				assertThat(channel.flush(Duration.ofSeconds(5))).isTrue();
				assertThat(exported.get()).as("exported after flush %d", i).isEqualTo(i);
			}
		}
		finally {
			channel.shutdown(Duration.ofSeconds(5));
		}
	}

}
