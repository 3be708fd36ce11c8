package dev.agenttracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.TraceEvent;

/**
 * The events and runs the current test captured. Every read first exports what the tracer
 * has queued and waits (at most 5 s) for the test's runs that have not ended yet, so a
 * test sees every event of a run that returned, and of an asynchronous run that completes
 * soon after. In a test, only the runs that belong to it are seen (see
 * {@link TraceCapture} for the rule); outside a test, every run captured.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureAgentTracing
 * class SupportAgentTests {
 *
 *     &#64;Test
 *     void looksUpTheTicket(&#64;Autowired SupportAgent agent, &#64;Autowired CapturedTraces traces) {
 *         agent.answer("s-1", "Ticket #1042: wrong amount");
 *         CapturedRun run = traces.run();
 *         assertThat(run.toolNames()).contains("lookup_ticket");
 *     }
 *
 * }
 * </pre>
 */
public final class CapturedTraces {

	private final TraceCapture capture;

	private final Supplier<? extends Collection<AgentTracer>> tracers;

	CapturedTraces(TraceCapture capture, Supplier<? extends Collection<AgentTracer>> tracers) {
		this.capture = capture;
		this.tracers = tracers;
	}

	/** The events the current test captured, in the order they were exported. */
	public List<TraceEvent> events() {
		TestId test = TraceCapture.currentTest();
		this.capture.settle(test, this.tracers.get(), TraceCapture.AWAIT_RUNS);
		return this.capture.events(test);
	}

	/** The runs the current test captured, in the order they started. */
	public List<CapturedRun> runs() {
		Map<String, List<TraceEvent>> byRun = new LinkedHashMap<>();
		for (TraceEvent event : events()) {
			byRun.computeIfAbsent(event.runId(), (runId) -> new ArrayList<>()).add(event);
		}
		return byRun.values().stream().map(CapturedRun::new).toList();
	}

	/** The runs that match, in the order they started. */
	public List<CapturedRun> runs(Predicate<CapturedRun> predicate) {
		return runs().stream().filter(predicate).toList();
	}

	/** The runs of an agent, in the order they started. */
	public List<CapturedRun> runsOf(String agentName) {
		return runs((run) -> agentName.equals(run.agentName()));
	}

	/** The runs of a session, in the order they started. */
	public List<CapturedRun> runsInSession(String sessionId) {
		return runs((run) -> sessionId.equals(run.sessionId()));
	}

	/**
	 * The one run the current test captured.
	 * @throws AssertionError if it captured none or several, listing them
	 */
	public CapturedRun run() {
		return only(runs(), "run");
	}

	/**
	 * The one run of an agent.
	 * @throws AssertionError if there is none or several, listing the runs captured
	 */
	public CapturedRun runOf(String agentName) {
		return only(runs(), (run) -> agentName.equals(run.agentName()), "run of \"" + agentName + "\"");
	}

	/**
	 * The one run of a session.
	 * @throws AssertionError if there is none or several, listing the runs captured
	 */
	public CapturedRun runInSession(String sessionId) {
		return only(runs(), (run) -> sessionId.equals(run.sessionId()), "run in session \"" + sessionId + "\"");
	}

	/**
	 * The one run whose input is this string or, when it is no string, contains it.
	 * @throws AssertionError if there is none or several, listing the runs captured
	 */
	public CapturedRun runWithInput(String input) {
		return only(runs(),
				(run) -> Objects.equals(run.input(), input)
						|| (run.input() != null && Trajectory.value(run.input()).contains(input)),
				"run with input \"" + input + "\"");
	}

	/**
	 * The run that started last.
	 * @throws AssertionError if the current test captured no run
	 */
	public CapturedRun lastRun() {
		List<CapturedRun> runs = runs();
		if (runs.isEmpty()) {
			throw new AssertionError("Expected a run but none was captured");
		}
		return runs.get(runs.size() - 1);
	}

	/** Forgets what the current test captured so far (outside a test, everything). */
	public void clear() {
		TestId test = TraceCapture.currentTest();
		this.capture.settle(test, this.tracers.get(), Duration.ZERO);
		this.capture.clear(test);
	}

	static CapturedRun only(List<CapturedRun> runs, String what) {
		return only(runs, (run) -> true, what);
	}

	static CapturedRun only(List<CapturedRun> runs, Predicate<CapturedRun> predicate, String what) {
		List<CapturedRun> matching = runs.stream().filter(predicate).toList();
		if (matching.size() != 1) {
			throw new AssertionError(String.format("Expected one %s but %s among the runs captured:%n%s", what,
					(matching.isEmpty()) ? "found none" : "found " + matching.size(), indent(Trajectory.format(runs))));
		}
		return matching.get(0);
	}

	static String indent(String text) {
		return "  " + text.replace("\n", "\n  ");
	}

	/** The trajectories of the runs the current test captured. */
	@Override
	public String toString() {
		return Trajectory.format(runs());
	}

}
