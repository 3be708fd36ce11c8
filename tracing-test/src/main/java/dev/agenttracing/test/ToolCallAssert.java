package dev.agenttracing.test;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one tool call: its arguments, and its result or error. Values are
 * compared as the trace holds them, JSON values (maps, lists, strings, numbers).
 */
public final class ToolCallAssert extends AbstractAssert<ToolCallAssert, CapturedToolCall> {

	private final @Nullable CapturedRun run;

	ToolCallAssert(CapturedToolCall call, @Nullable CapturedRun run) {
		super(call, ToolCallAssert.class);
		this.run = run;
	}

	/** Verifies all the arguments. */
	public ToolCallAssert hasArguments(Map<String, ?> arguments) {
		Map<String, @Nullable Object> actual = this.actual.arguments();
		if (!arguments.equals((actual != null) ? actual : Map.of())) {
			fail("Expected the tool \"" + this.actual.name() + "\" to be called with " + Trajectory.value(arguments)
					+ " but it was called with " + Trajectory.value(actual));
		}
		return this;
	}

	/** Verifies one argument. */
	public ToolCallAssert hasArgument(String name, @Nullable Object value) {
		Map<String, @Nullable Object> actual = this.actual.arguments();
		if (actual == null || !actual.containsKey(name) || !Objects.equals(actual.get(name), value)) {
			fail("Expected the tool \"" + this.actual.name() + "\" to be called with " + name + "="
					+ Trajectory.value(value) + " but it was called with " + Trajectory.value(actual));
		}
		return this;
	}

	/** Verifies that the call returned (did not fail). */
	public ToolCallAssert succeeded() {
		if (this.actual.failed()) {
			fail("Expected the tool \"" + this.actual.name() + "\" to return but it failed with "
					+ this.actual.errorType() + ": " + this.actual.error());
		}
		if (this.actual.running()) {
			fail("Expected the tool \"" + this.actual.name() + "\" to return but it is still running");
		}
		return this;
	}

	/** Verifies what the call returned. */
	public ToolCallAssert hasResult(@Nullable Object result) {
		succeeded();
		if (!Objects.equals(result, this.actual.result())) {
			fail("Expected the tool \"" + this.actual.name() + "\" to return " + Trajectory.value(result)
					+ " but it returned " + Trajectory.value(this.actual.result()));
		}
		return this;
	}

	/** Verifies what the call returned with further assertions. */
	public ToolCallAssert resultSatisfies(Consumer<@Nullable Object> requirements) {
		succeeded();
		requirements.accept(this.actual.result());
		return this;
	}

	/** Verifies that the call failed. */
	public ToolCallAssert failed() {
		if (!this.actual.failed()) {
			fail("Expected the tool \"" + this.actual.name() + "\" to fail but it " + (this.actual.running()
					? "is still running" : "returned " + Trajectory.value(this.actual.result())));
		}
		return this;
	}

	/**
	 * Verifies that the call failed with an exception of this type (by simple name, as
	 * recorded) whose message contains the text.
	 */
	public ToolCallAssert failedWith(Class<? extends Throwable> type, String messagePart) {
		return failedWith(type.getSimpleName(), messagePart);
	}

	/**
	 * Verifies that the call failed with an exception of this simple class name whose
	 * message contains the text.
	 */
	public ToolCallAssert failedWith(String errorType, String messagePart) {
		failed();
		String error = this.actual.error();
		if (!errorType.equals(this.actual.errorType()) || error == null || !error.contains(messagePart)) {
			fail("Expected the tool \"" + this.actual.name() + "\" to fail with " + errorType + " containing \""
					+ messagePart + "\" but it failed with " + this.actual.errorType() + ": " + error);
		}
		return this;
	}

	private void fail(String message) {
		CapturedRun run = this.run;
		if (run != null) {
			failWithMessage("%s%nTrajectory:%n%s", message, CapturedTraces.indent(run.toString()));
		}
		failWithMessage("%s", message);
	}

}
