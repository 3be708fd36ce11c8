package dev.agenttracing.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock-free ring of an export channel: bounds, order, and many producers against one
 * consumer.
 */
class EventQueueTests {

	private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

	@Test
	void holdsExactlyItsCapacityWhenThatIsNoPowerOfTwoAndKeepsTheOrderAcrossTheWrap() {
		EventQueue queue = new EventQueue(5);
		List<TraceEvent> taken = new ArrayList<>();
		int next = 0;
		for (int round = 0; round < 7; round++) {
			int accepted = 0;
			while (queue.offer(event(0, next)) > 0) {
				next++;
				accepted++;
			}
			assertThat(accepted).isEqualTo(5);
			assertThat(queue.size()).isEqualTo(5);
			assertThat(queue.drainTo(taken, 3)).isEqualTo(3);
			assertThat(queue.drainTo(taken, 10)).isEqualTo(2);
			assertThat(queue.size()).isZero();
		}
		assertThat(queue.accepted()).isEqualTo(35);
		assertThat(taken).extracting((event) -> event.runId())
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 35).mapToObj((i) -> "0-" + i).toList());
	}

	@Test
	void offerReturnsTheSizeAfterAddingAndZeroWhenFull() {
		EventQueue queue = new EventQueue(3);
		assertThat(queue.offer(event(0, 0))).isEqualTo(1);
		assertThat(queue.offer(event(0, 1))).isEqualTo(2);
		assertThat(queue.offer(event(0, 2))).isEqualTo(3);
		assertThat(queue.offer(event(0, 3))).isZero();
		assertThat(queue.accepted()).isEqualTo(3);
	}

	@Test
	void fourProducersAgainstOneConsumerLoseNothingDuplicateNothingAndKeepEachProducersOrder() throws Exception {
		int producers = 4;
		int perProducer = 200_000;
		EventQueue queue = new EventQueue(1000);
		AtomicInteger dropped = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		List<List<Integer>> droppedByProducer = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			List<Integer> mine = new ArrayList<>();
			droppedByProducer.add(mine);
			Thread thread = new Thread(() -> {
				await(start);
				for (int i = 0; i < perProducer; i++) {
					int size = queue.offer(event(producer, i));
					if (size == 0) {
						dropped.incrementAndGet();
						mine.add(i);
					}
					else {
						assertThat(size).isBetween(1, 1000);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		int[] expectedNext = new int[producers];
		long received = 0;
		List<TraceEvent> batch = new ArrayList<>();
		start.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while ((threads.stream().anyMatch(Thread::isAlive) || queue.size() > 0) && System.nanoTime() < deadline) {
			assertThat(queue.size()).isBetween(0, 1000);
			batch.clear();
			queue.drainTo(batch, 64);
			for (TraceEvent event : batch) {
				String[] parts = event.runId().split("-");
				int producer = Integer.parseInt(parts[0]);
				int sequence = Integer.parseInt(parts[1]);
				// events of one producer arrive in order; only dropped ones may be
				// missing between them
				assertThat(sequence).isGreaterThanOrEqualTo(expectedNext[producer]);
				expectedNext[producer] = sequence + 1;
				received++;
			}
		}
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		assertThat(received + dropped.get()).isEqualTo((long) producers * perProducer);
		assertThat(queue.accepted()).isEqualTo(received);
		assertThat(queue.size()).isZero();
	}

	private static TraceEvent event(int producer, int sequence) {
		return new RunContentCompleted(AT,
				new RunInfo(producer + "-" + sequence, "s", "trace_1", "span_1", "a", null, null));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
