package dev.agenttracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.TracingListener;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.TraceExporter;

/**
 * Keeps the events of an {@link AgentTracer} in memory, each run with the test it belongs
 * to, so that tests running at the same time, even against one shared tracer (a Spring
 * context cached for several test classes), each see their own runs.
 *
 * <p>
 * The rule: a run belongs to the test that is current on the thread that starts it
 * ({@link #beginTest(String)}; carried to other threads by Micrometer's
 * context-propagation, as the current run is). A run started on a thread with no current
 * test, such as a web server's thread, belongs to every test running at that moment: run
 * tests that call an agent over HTTP one at a time, or tell their runs apart by session.
 * A run started while no test runs belongs to no test; it is seen only outside tests.
 * When a test ends, its runs are forgotten. All events of a run, on whatever thread,
 * belong where the run does.
 *
 * <pre>{@code
 * TraceCapture capture = new TraceCapture();
 * AgentTracer tracer = capture.install(AgentTracer.builder()).build();
 * CapturedTraces traces = capture.traces(() -> List.of(tracer));
 * agent.answer("Where is my parcel?");
 * AgentTraceAssertions.assertThat(traces).run().calledTools("lookup_ticket");
 * }</pre>
 *
 * {@link AgentTracingExtension} and {@code @AutoConfigureAgentTracing} do this wiring.
 */
public final class TraceCapture {

	/** How long a read waits for the runs of its test that have not ended yet. */
	static final Duration AWAIT_RUNS = Duration.ofSeconds(5);

	static final ThreadLocal<@Nullable TestId> CURRENT = new ThreadLocal<>();

	private static final Set<TestId> running = ConcurrentHashMap.newKeySet();

	private static final Set<TraceCapture> captures = Collections.newSetFromMap(new WeakHashMap<>());

	/** The tests each run belongs to, by run id. */
	private final Map<String, Owners> owners = new ConcurrentHashMap<>();

	/** The ids of the runs the listener heard end. */
	private final Set<String> ended = ConcurrentHashMap.newKeySet();

	/** Every event kept, in the order exported; guarded by this. */
	private final List<Captured> events = new ArrayList<>();

	private final CaptureExporter exporter = new CaptureExporter();

	private final Listener listener = new Listener();

	/** A capture that keeps nothing yet. */
	public TraceCapture() {
		synchronized (captures) {
			captures.add(this);
		}
	}

	/**
	 * Makes {@code name} the current test of this thread until {@link #endTest(TestId)}:
	 * the runs it starts belong to it.
	 * @param name the test's name, shown in messages
	 * @return the test, to end
	 */
	public static TestId beginTest(String name) {
		TestId test = new TestId(name);
		running.add(test);
		CURRENT.set(test);
		return test;
	}

	/**
	 * Ends a test: it is no longer current on this thread, and every capture forgets its
	 * runs.
	 * @param test the test {@link #beginTest(String)} returned
	 */
	public static void endTest(TestId test) {
		test.end();
		running.remove(test);
		if (CURRENT.get() == test) {
			CURRENT.remove();
		}
		List<TraceCapture> all;
		synchronized (captures) {
			all = new ArrayList<>(captures);
		}
		for (TraceCapture capture : all) {
			capture.forget(test);
		}
	}

	/** The test current on this thread, if any. */
	public static @Nullable TestId currentTest() {
		TestId test = CURRENT.get();
		return (test != null && !test.isEnded()) ? test : null;
	}

	/**
	 * Adds this capture to a tracer being built: an exporter that keeps every event, and
	 * a listener that notes which test starts each run.
	 * @param builder the tracer's builder
	 * @return the same builder
	 */
	public AgentTracer.Builder install(AgentTracer.Builder builder) {
		return builder.exporter("capture", this.exporter).listener(this.listener);
	}

	/** The exporter that keeps the events, for a tracer assembled elsewhere. */
	public TraceExporter exporter() {
		return this.exporter;
	}

	/** The listener that notes the test of each run, for a tracer assembled elsewhere. */
	public TracingListener listener() {
		return this.listener;
	}

	/**
	 * The captured traces as a test reads them: each read first exports what the tracers
	 * have queued for this capture, and waits (at most 5 s) for the runs of the test that
	 * have not ended yet.
	 * @param tracers the tracers this capture is installed in
	 * @return the reader
	 */
	public CapturedTraces traces(Supplier<? extends Collection<AgentTracer>> tracers) {
		return new CapturedTraces(this, tracers);
	}

	/** The events the test current on this thread sees (all of them outside a test). */
	List<TraceEvent> events(@Nullable TestId test) {
		List<TraceEvent> seen = new ArrayList<>();
		synchronized (this) {
			for (Captured captured : this.events) {
				if (test == null || captured.owners().contains(test)) {
					seen.add(captured.event());
				}
			}
		}
		return seen;
	}

	/**
	 * Exports what the tracers queued, then waits until every run the test sees has
	 * ended, at most {@code timeout}.
	 */
	void settle(@Nullable TestId test, Collection<AgentTracer> tracers, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		do {
			for (AgentTracer tracer : tracers) {
				for (ExportChannel channel : tracer.channels()) {
					if (channel.exporter() == this.exporter) {
						channel.flush(timeout);
					}
				}
			}
			if (!hasOpenRuns(test)) {
				return;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		while (System.nanoTime() < deadline);
	}

	/**
	 * Whether a run the test sees has started but not ended: neither its completion was
	 * captured nor did the listener hear it end (its completion may be filtered out).
	 */
	private boolean hasOpenRuns(@Nullable TestId test) {
		Set<String> open = new HashSet<>();
		for (TraceEvent event : events(test)) {
			if (event instanceof RunStarted) {
				open.add(event.runId());
			}
			else if (event instanceof RunCompleted || event instanceof RunError) {
				open.remove(event.runId());
			}
		}
		open.removeAll(this.ended);
		return !open.isEmpty();
	}

	/** Forgets the events the test sees (all of them outside a test). */
	void clear(@Nullable TestId test) {
		if (test == null) {
			synchronized (this) {
				this.events.clear();
			}
			return;
		}
		forget(test);
	}

	private void forget(TestId test) {
		// the entries stay, so that a late event of a forgotten run is not taken for a
		// new run's
		this.owners.values().forEach((owners) -> owners.forget(test));
		synchronized (this) {
			this.events.removeIf((captured) -> captured.owners().isForgotten());
		}
	}

	private void keep(List<TraceEvent> batch) {
		synchronized (this) {
			for (TraceEvent event : batch) {
				// a run whose start the listener did not see belongs to the tests running
				// now
				Owners owners = this.owners.computeIfAbsent(event.runId(), (runId) -> Owners.ofRunStartedNow());
				if (!owners.isForgotten()) {
					this.events.add(new Captured(event, owners));
				}
			}
		}
	}

	/** One event and the tests it belongs to. */
	private record Captured(TraceEvent event, Owners owners) {
	}

	/**
	 * The tests a run belongs to; a run started outside tests belongs to none and is seen
	 * outside tests only.
	 */
	private record Owners(Set<TestId> tests, boolean inTests) {

		/** The owners of a run started now on this thread. */
		static Owners ofRunStartedNow() {
			Set<TestId> tests = ConcurrentHashMap.newKeySet();
			TestId current = currentTest();
			if (current != null) {
				tests.add(current);
			}
			else {
				tests.addAll(running);
			}
			return new Owners(tests, !tests.isEmpty());
		}

		boolean contains(TestId test) {
			return this.tests.contains(test);
		}

		void forget(TestId test) {
			this.tests.remove(test);
		}

		boolean isForgotten() {
			return this.inTests && this.tests.isEmpty();
		}

	}

	private final class CaptureExporter implements TraceExporter {

		@Override
		public void export(List<TraceEvent> events) {
			keep(events);
		}

		@Override
		public ExportBatching batching() {
			// everything queued at once, without waiting for a batch to fill
			return ExportBatching.queued(4096);
		}

		@Override
		public String toString() {
			return "TraceCapture";
		}

	}

	private final class Listener implements TracingListener {

		@Override
		public Handle runStarted(RunInfo run, @Nullable String model) {
			TraceCapture.this.owners.put(run.runId(), Owners.ofRunStartedNow());
			return new Handle() {

				@Override
				public void ended(TraceEvent event, @Nullable Throwable error) {
					TraceCapture.this.ended.add(run.runId());
				}

			};
		}

	}

}
