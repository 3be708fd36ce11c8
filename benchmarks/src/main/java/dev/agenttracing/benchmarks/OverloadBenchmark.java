package dev.agenttracing.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.TraceExporter;

/**
 * A producer far faster than its exporter: runs with one tool call each (four events) as
 * fast as the benchmark thread can make them, against an exporter that takes
 * {@value #EXPORT_MILLIS} ms per batch of {@value #BATCH_SIZE} (at most about 6,400
 * events/s). The queue fills and from then on events are dropped and counted. The score
 * is what a run then costs the calling thread; the secondary results, read after each
 * iteration, show that memory stays bounded by the queue capacity however many millions
 * of events were offered:
 * <ul>
 * <li>{@code offeredEvents}: events offered since the trial began (accepted and
 * dropped)</li>
 * <li>{@code droppedEvents}: events refused because the queue was full</li>
 * <li>{@code queuedEvents}: events in the queue now, at most
 * {@value #QUEUE_CAPACITY}</li>
 * <li>{@code retainedKiB}: heap in use after a full GC, less the heap in use (after GC)
 * before the tracer was built</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class OverloadBenchmark {

	static final int QUEUE_CAPACITY = 8192;

	static final int BATCH_SIZE = 64;

	static final int EXPORT_MILLIS = 10;

	AgentTracer tracer;

	long baselineHeap;

	@Setup(Level.Trial)
	public void setUp() {
		this.baselineHeap = usedHeapAfterGc();
		this.tracer = AgentTracer.builder()
			.exporter("slow", new SlowExporter(), BATCH_SIZE, Duration.ofMillis(100))
			.queueCapacity(QUEUE_CAPACITY)
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracer.shutdown(Duration.ZERO);
	}

	/**
	 * A run with one tool call, as in
	 * {@code CallingThreadBenchmark.runAndToolAgentTracer}.
	 */
	@Benchmark
	public String runAndToolOverloaded(Memory memory) {
		AgentRun run = this.tracer.newRun("Support Agent").input("Where is order-12345?").start();
		ToolCall call = run.startTool(OrderTools.TOOL_NAME, Map.of("orderId", "order-12345", "quantity", 2));
		String result = "order order-12345: 2 items shipped";
		call.complete(result);
		run.complete(result);
		return result;
	}

	/**
	 * The counters of the one exporter and the retained heap, read after each iteration.
	 */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class Memory {

		public long offeredEvents;

		public long droppedEvents;

		public long queuedEvents;

		public long retainedKiB;

		@Setup(Level.Iteration)
		public void clear() {
			this.offeredEvents = 0;
			this.droppedEvents = 0;
			this.queuedEvents = 0;
			this.retainedKiB = 0;
		}

		@TearDown(Level.Iteration)
		public void measure(OverloadBenchmark benchmark) {
			ExporterStats stats = Objects.requireNonNull(benchmark.tracer.stats().get("slow"), "slow exporter");
			this.offeredEvents = stats.accepted() + stats.dropped();
			this.droppedEvents = stats.dropped();
			this.queuedEvents = stats.queued();
			this.retainedKiB = (usedHeapAfterGc() - benchmark.baselineHeap) / 1024;
			if (stats.queued() > QUEUE_CAPACITY) {
				throw new IllegalStateException("the queue grew past its capacity: " + stats);
			}
		}

	}

	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/**
	 * Takes {@value #EXPORT_MILLIS} ms per batch: a backend far slower than the
	 * application.
	 */
	static final class SlowExporter implements TraceExporter {

		@Override
		public void export(List<TraceEvent> events) throws InterruptedException {
			Thread.sleep(EXPORT_MILLIS);
		}

	}

}
