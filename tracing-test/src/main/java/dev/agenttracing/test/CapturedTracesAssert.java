package dev.agenttracing.test;

import java.util.List;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the runs the current test captured; finds one run to go on with.
 * {@link AgentTraceAssertions#assertThat(CapturedTraces)} starts them.
 */
public final class CapturedTracesAssert extends AbstractAssert<CapturedTracesAssert, CapturedTraces> {

	CapturedTracesAssert(CapturedTraces traces) {
		super(traces, CapturedTracesAssert.class);
	}

	/** Verifies the number of runs captured. */
	public CapturedTracesAssert hasRuns(int count) {
		isNotNull();
		List<CapturedRun> runs = this.actual.runs();
		if (runs.size() != count) {
			failWithMessage("Expected %d run(s) but %d were captured:%n%s", count, runs.size(),
					CapturedTraces.indent(Trajectory.format(runs)));
		}
		return this;
	}

	/** Verifies that no run was captured. */
	public CapturedTracesAssert hasNoRuns() {
		return hasRuns(0);
	}

	/**
	 * Verifies that no run failed, and no tool or model call of any run.
	 */
	public CapturedTracesAssert hasNoFailures() {
		isNotNull();
		List<CapturedRun> runs = this.actual.runs();
		List<CapturedRun> failing = runs.stream()
			.filter((run) -> run.failed() || !run.failedSteps().isEmpty())
			.toList();
		if (!failing.isEmpty()) {
			failWithMessage("Expected no failures but %d of %d run(s) failed or had failing steps:%n%s", failing.size(),
					runs.size(), CapturedTraces.indent(Trajectory.format(failing)));
		}
		return this;
	}

	/** Goes on with the one run captured; fails when there is none or several. */
	public RunAssert run() {
		isNotNull();
		return new RunAssert(only(this.actual.runs(), (run) -> true, "run"));
	}

	/** Goes on with the run started last; fails when there is none. */
	public RunAssert lastRun() {
		isNotNull();
		List<CapturedRun> runs = this.actual.runs();
		if (runs.isEmpty()) {
			failWithMessage("Expected a run but none was captured");
		}
		return new RunAssert(runs.get(runs.size() - 1));
	}

	/** Goes on with the one run of this agent; fails when there is none or several. */
	public RunAssert runOf(String agentName) {
		isNotNull();
		return new RunAssert(
				only(this.actual.runs(), (run) -> agentName.equals(run.agentName()), "run of \"" + agentName + "\""));
	}

	/** Goes on with the one run of this session; fails when there is none or several. */
	public RunAssert runInSession(String sessionId) {
		isNotNull();
		return new RunAssert(only(this.actual.runs(), (run) -> sessionId.equals(run.sessionId()),
				"run in session \"" + sessionId + "\""));
	}

	/**
	 * Goes on with the one run whose input is this string, or contains it; fails when
	 * there is none or several.
	 */
	public RunAssert runWithInput(String input) {
		isNotNull();
		return new RunAssert(only(this.actual.runs(),
				(run) -> input.equals(run.input())
						|| (run.input() != null && Trajectory.value(run.input()).contains(input)),
				"run with input \"" + input + "\""));
	}

	/** Goes on with the one run that matches; fails when there is none or several. */
	public RunAssert runMatching(Predicate<CapturedRun> predicate, String description) {
		isNotNull();
		return new RunAssert(only(this.actual.runs(), predicate, "run " + description));
	}

	private CapturedRun only(List<CapturedRun> runs, Predicate<CapturedRun> predicate, String what) {
		List<CapturedRun> matching = runs.stream().filter(predicate).toList();
		if (matching.size() != 1) {
			failWithMessage("Expected one %s but %s among the runs captured:%n%s", what,
					(matching.isEmpty()) ? "found none" : "found " + matching.size(),
					CapturedTraces.indent(Trajectory.format(runs)));
		}
		return matching.get(0);
	}

}
