package dev.agenttracing.export;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker parks between batches; no event may be left waiting for a wake-up that never
 * comes.
 */
class ExportChannelWakeUpTests {

	private static final TraceEvent EVENT = new RunContentCompleted(Instant.now(),
			new RunInfo("run", "default", "trace_0", "span_0", "Agent", null, null));

	@Test
	void exportsEveryBurstOfManyProducersWithoutBeingAskedTo() throws Exception {
		for (int batchSize : new int[] { 1, 7 }) {
			AtomicLong exported = new AtomicLong();
			// a flush interval far below the 1 s idle wait: a lost wake-up shows as a
			// late batch
			ExportChannel channel = new ExportChannel("count", (events) -> exported.addAndGet(events.size()), batchSize,
					Duration.ofMillis(20), 100_000);
			try {
				long expected = 0;
				for (int round = 0; round < 50; round++) {
					int producers = 4;
					int perProducer = 1 + round * 3;
					CountDownLatch start = new CountDownLatch(1);
					List<Thread> threads = new ArrayList<>();
					for (int p = 0; p < producers; p++) {
						Thread thread = new Thread(() -> {
							try {
								start.await();
							}
							catch (InterruptedException ex) {
								return;
							}
							for (int i = 0; i < perProducer; i++) {
								channel.offer(EVENT);
							}
						});
						thread.start();
						threads.add(thread);
					}
					start.countDown();
					for (Thread thread : threads) {
						thread.join();
					}
					expected += (long) producers * perProducer;
					long deadline = System.nanoTime() + Duration.ofMillis(700).toNanos();
					while (exported.get() < expected && System.nanoTime() < deadline) {
						Thread.sleep(1);
					}
					assertThat(exported.get()).as("batch size %d, round %d", batchSize, round).isEqualTo(expected);
				}
			}
			finally {
				channel.shutdown(Duration.ofSeconds(5));
			}
		}
	}

}
