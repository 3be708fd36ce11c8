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
 * A producer between claiming its slot and filling it (preempted there) leaves a gap at
 * the head of the queue: flush and shutdown wait for it instead of finishing early, the
 * worker naps instead of spinning, and a closed queue takes nothing more.
 */
class ExportChannelGapTests {

	private final List<TraceEvent> exported = new CopyOnWriteArrayList<>();

	private final ExportChannel channel = new ExportChannel("gap", this.exported::addAll, 64, Duration.ofMillis(50),
			16);

	@AfterEach
	void shutdown() {
		this.channel.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void flushWaitsForAnEventStillOnItsWayIntoItsSlotAndKeepsTheOrder() throws Exception {
		Gap gap = openGap(); // B's thread flushes
		CompletableFuture<Void> flush = this.channel.flushAsync();
		Thread.sleep(200);
		assertThat(flush).isNotDone();
		assertThat(this.exported).isEmpty();
		gap.close();
		flush.get(5, TimeUnit.SECONDS);
		assertThat(this.exported).containsExactly(gap.a, gap.b);
	}

	@Test
	void theWorkerNapsInsteadOfSpinningWhileAGapIsOpen() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		assumeThat(threads.isThreadCpuTimeSupported()).isTrue();
		Gap gap = openGap();
		Thread.sleep(100);
		long worker = workerId();
		long before = threads.getThreadCpuTime(worker);
		Thread.sleep(500);
		long cpu = threads.getThreadCpuTime(worker) - before;
		// spinning would use about 500
		assertThat(Duration.ofNanos(cpu)).isLessThan(Duration.ofMillis(150));
		gap.close();
		assertThat(this.channel.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.exported).hasSize(2);
	}

	@Test
	void shutdownExportsEveryEventClaimedBeforeItClosedTheQueueAndNothingAfter() throws Exception {
		Gap gap = openGap();
		CompletableFuture<Void> shutdown = this.channel.shutdownAsync();
		Thread.sleep(200);
		assertThat(shutdown).isNotDone();
		assertThat(this.channel.offer(event("late"))).isFalse();
		gap.close();
		shutdown.get(5, TimeUnit.SECONDS);
		assertThat(this.exported).containsExactly(gap.a, gap.b);
		assertThat(this.channel.stats().dropped()).isEqualTo(1);
		assertThat(this.channel.queue().claim()).isEqualTo(-1); // closed
	}

	@Test
	void aFlushGivesUpOnAGapThatDoesNotCloseWithinASecondAndTheEventsFollowWhenItDoes() throws Exception {
		Gap gap = openGap();
		long start = System.nanoTime();
		assertThat(this.channel.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofSeconds(5));
		assertThat(this.exported).isEmpty();
		gap.close();
		assertThat(this.channel.flush(Duration.ofSeconds(5))).isTrue();
		assertThat(this.exported).containsExactly(gap.a, gap.b);
	}

	/**
	 * Producer A claims a slot and is held before its publish; producer B then offers its
	 * event, which waits behind A's gap.
	 */
	private Gap openGap() {
		EventQueue queue = this.channel.queue();
		Gap gap = new Gap(queue, queue.claim(), event("a"), event("b"));
		assertThat(this.channel.offer(gap.b)).isTrue();
		return gap;
	}

	private long workerId() {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals("agent-tracing-gap")) {
				return thread.getId();
			}
		}
		throw new AssertionError("no worker thread");
	}

	/** A's claimed slot and the two events; closing it publishes A's event. */
	private record Gap(EventQueue queue, long slot, TraceEvent a, TraceEvent b) {

		void close() {
			this.queue.publish(this.slot, this.a);
		}

	}

	private static TraceEvent event(String run) {
		return new RunContentCompleted(Instant.now(), new RunInfo(run, "s", "trace_1", "span_1", "agent", null, null));
	}

}
