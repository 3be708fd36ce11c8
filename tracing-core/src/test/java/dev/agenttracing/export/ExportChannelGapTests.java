package dev.agenttracing.export;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A producer between claiming its slot and filling it (preempted there) leaves a gap at the head of
 * the queue: flush and shutdown wait for it instead of finishing early, the worker naps instead of
 * spinning, and a closed queue takes nothing more.
 */
class ExportChannelGapTests {

	private final List<TraceEvent> exported = new CopyOnWriteArrayList<>();

	private final ExportChannel channel = new ExportChannel("gap", this.exported::addAll, 64, Duration.ofMillis(50), 16);

	@AfterEach
	void shutdown() {
		this.channel.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void flushWaitsForAnEventStillOnItsWayIntoItsSlotAndKeepsTheOrder() throws Exception {
		EventQueue queue = this.channel.queue();
		long gap = queue.claim(); // producer A, preempted before its publish
		TraceEvent a = event("a");
		TraceEvent b = event("b");
		assertThat(this.channel.offer(b)).isTrue(); // producer B, then B's thread flushes
		CompletableFuture<Void> flush = this.channel.flushAsync();
		Thread.sleep(200);
		assertThat(flush).isNotDone();
		assertThat(this.exported).isEmpty();
		queue.publish(gap, a);
		flush.get(5, TimeUnit.SECONDS);
		assertThat(this.exported).containsExactly(a, b);
	}

	@Test
	void theWorkerNapsInsteadOfSpinningWhileAGapIsOpen() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		assumeThat(threads.isThreadCpuTimeSupported()).isTrue();
		EventQueue queue = this.channel.queue();
		long gap = queue.claim();
		this.channel.offer(event("b"));
		Thread.sleep(100);
		long worker = workerId();
		long before = threads.getThreadCpuTime(worker);
		Thread.sleep(500);
		long cpu = threads.getThreadCpuTime(worker) - before;
		assertThat(Duration.ofNanos(cpu)).isLessThan(Duration.ofMillis(150)); // spinning would use about 500
		queue.publish(gap, event("a"));
		assertThat(this.channel.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.exported).hasSize(2);
	}

	@Test
	void shutdownExportsEveryEventClaimedBeforeItClosedTheQueueAndNothingAfter() throws Exception {
		EventQueue queue = this.channel.queue();
		long gap = queue.claim();
		TraceEvent a = event("a");
		TraceEvent b = event("b");
		this.channel.offer(b);
		CompletableFuture<Void> shutdown = this.channel.shutdownAsync();
		Thread.sleep(200);
		assertThat(shutdown).isNotDone();
		assertThat(this.channel.offer(event("late"))).isFalse();
		queue.publish(gap, a);
		shutdown.get(5, TimeUnit.SECONDS);
		assertThat(this.exported).containsExactly(a, b);
		assertThat(this.channel.stats().dropped()).isEqualTo(1);
		assertThat(queue.claim()).isEqualTo(-1); // closed
	}

	@Test
	void aFlushGivesUpOnAGapThatDoesNotCloseWithinASecondAndTheEventsFollowWhenItDoes() throws Exception {
		EventQueue queue = this.channel.queue();
		long gap = queue.claim();
		TraceEvent a = event("a");
		TraceEvent b = event("b");
		this.channel.offer(b);
		long start = System.nanoTime();
		assertThat(this.channel.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
		assertThat(this.exported).isEmpty();
		queue.publish(gap, a);
		assertThat(this.channel.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.exported).containsExactly(a, b);
	}

	private long workerId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("agent-tracing-gap")) {
				return thread.getId();
			}
		}
		throw new AssertionError("no worker thread");
	}

	private static TraceEvent event(String run) {
		return new RunContentCompleted(Instant.now(), new RunInfo(run, "s", "trace_1", "span_1", "agent", null, null));
	}

}
