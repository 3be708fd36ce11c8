package dev.agenttracing.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TokenUsage;

/**
 * Assertions on one captured run: its tools, model calls, usage, reasoning, streamed
 * content and outcome. Every failure message ends with the run's trajectory:
 *
 * <pre>
 * Expected run of "Support Agent" in session "order" to call the tools
 *   [lookup_ticket, escalate]
 * in this order but it called
 *   [search_knowledge_base, lookup_ticket]
 * Trajectory:
 *   run of "Support Agent" in session "order": completed
 *     input: "Ticket #1042: the invoice PDF shows the wrong amount"
 *     1. model support-rules-v1 -&gt; {tool_calls=[...]} (TOOL_CALLS, 57 tokens)
 *     2. tool search_knowledge_base {query=invoice pdf wrong amount} -&gt; [...]
 *     3. tool lookup_ticket {ticketId=TCK-1042} -&gt; {...}
 *     ...
 * </pre>
 */
public final class RunAssert extends AbstractAssert<RunAssert, CapturedRun> {

	RunAssert(CapturedRun run) {
		super(run, RunAssert.class);
	}

	/** Verifies that the run completed (did not fail and is not running). */
	public RunAssert succeeded() {
		if (!this.actual.completed()) {
			fail("Expected " + title() + " to complete but it "
					+ (this.actual.failed() ? "failed" : "is still running"));
		}
		return this;
	}

	/** Verifies that the run failed. */
	public RunAssert failed() {
		if (!this.actual.failed()) {
			fail("Expected " + title() + " to fail but it "
					+ (this.actual.completed() ? "completed" : "is still running"));
		}
		return this;
	}

	/**
	 * Verifies that the run failed with an exception of this type (by simple name, as
	 * recorded) whose message contains the text.
	 */
	public RunAssert failedWith(Class<? extends Throwable> type, String messagePart) {
		failed();
		String error = this.actual.error();
		if (!type.getSimpleName().equals(this.actual.errorType()) || error == null || !error.contains(messagePart)) {
			fail("Expected " + title() + " to fail with " + type.getSimpleName() + " containing \"" + messagePart
					+ "\" but it failed with " + this.actual.errorType() + ": " + error);
		}
		return this;
	}

	/**
	 * Verifies that the run completed and that neither a tool call nor a model call of it
	 * failed.
	 */
	public RunAssert hasNoFailures() {
		succeeded();
		List<CapturedStep> failed = this.actual.failedSteps();
		if (!failed.isEmpty()) {
			fail("Expected no failed steps in " + title() + " but " + failed.size() + " failed: "
					+ failed.stream().map(Trajectory::step).toList());
		}
		return this;
	}

	/** Verifies the agent's name. */
	public RunAssert hasAgentName(String agentName) {
		if (!agentName.equals(this.actual.agentName())) {
			fail("Expected the agent \"" + agentName + "\" but " + title() + " is of "
					+ Trajectory.quote(this.actual.agentName()));
		}
		return this;
	}

	/** Verifies the session. */
	public RunAssert hasSessionId(String sessionId) {
		if (!sessionId.equals(this.actual.sessionId())) {
			fail("Expected the session \"" + sessionId + "\" but " + title() + " is in \"" + this.actual.sessionId()
					+ "\"");
		}
		return this;
	}

	/** Verifies the run's input (JSON values: maps, lists, strings, numbers). */
	public RunAssert hasInput(@Nullable Object input) {
		if (!Objects.equals(input, this.actual.input())) {
			fail("Expected " + title() + " to have the input " + Trajectory.value(input) + " but it had "
					+ Trajectory.value(this.actual.input()));
		}
		return this;
	}

	/** Verifies the run's output (JSON values: maps, lists, strings, numbers). */
	public RunAssert hasOutput(@Nullable Object output) {
		succeeded();
		if (!Objects.equals(output, this.actual.output())) {
			fail("Expected " + title() + " to have the output " + Trajectory.value(output) + " but it had "
					+ Trajectory.value(this.actual.output()));
		}
		return this;
	}

	/** Verifies that the run's output, as text, contains the text. */
	public RunAssert hasOutputContaining(String text) {
		succeeded();
		Object output = this.actual.output();
		String shown = (output instanceof String string) ? string : Trajectory.value(output);
		if (!shown.contains(text)) {
			fail("Expected the output of " + title() + " to contain \"" + text + "\" but it was "
					+ Trajectory.value(output));
		}
		return this;
	}

	/** Verifies the tools called: exactly these, in this order. */
	public RunAssert calledTools(String... names) {
		List<String> called = this.actual.toolNames();
		if (!called.equals(Arrays.asList(names))) {
			fail("Expected " + title() + " to call the tools\n  " + Arrays.toString(names)
					+ "\nin this order but it called\n  " + called);
		}
		return this;
	}

	/** Verifies the tools called: exactly these, each as often, in any order. */
	public RunAssert calledToolsInAnyOrder(String... names) {
		List<String> called = this.actual.toolNames();
		List<String> expected = new ArrayList<>(Arrays.asList(names));
		List<String> unexpected = new ArrayList<>();
		for (String name : called) {
			if (!expected.remove(name)) {
				unexpected.add(name);
			}
		}
		if (!expected.isEmpty() || !unexpected.isEmpty()) {
			fail("Expected " + title() + " to call the tools\n  " + Arrays.toString(names)
					+ "\nin any order but it called\n  " + called + "\nmissing: " + expected + ", unexpected: "
					+ unexpected);
		}
		return this;
	}

	/** Verifies that the tool was called at least once. */
	public RunAssert calledTool(String name) {
		if (!this.actual.toolNames().contains(name)) {
			fail("Expected " + title() + " to call the tool \"" + name + "\" but it called " + this.actual.toolNames());
		}
		return this;
	}

	/** Verifies that the tool was never called. */
	public RunAssert neverCalledTool(String name) {
		int index = this.actual.toolNames().indexOf(name);
		if (index >= 0) {
			fail("Expected " + title() + " never to call the tool \"" + name + "\" but it called it: "
					+ Trajectory.step(this.actual.toolCalls().get(index)));
		}
		return this;
	}

	/**
	 * Goes on with the first call of the tool: its arguments, result or error. Fails when
	 * it was not called.
	 */
	public ToolCallAssert toolCall(String name) {
		return toolCall(name, 0);
	}

	/**
	 * Goes on with a call of the tool: 0 for the first, 1 for the second... Fails when
	 * there is no such call.
	 */
	public ToolCallAssert toolCall(String name, int index) {
		List<CapturedToolCall> calls = this.actual.toolCalls()
			.stream()
			.filter((call) -> call.name().equals(name))
			.toList();
		if (index >= calls.size()) {
			fail("Expected " + title() + " to call the tool \"" + name + "\" " + (index + 1)
					+ " time(s) but it called it " + calls.size() + " time(s)");
		}
		return new ToolCallAssert(calls.get(index), this.actual);
	}

	/** Verifies every call of the tool. */
	public RunAssert allToolCallsSatisfy(String name, Consumer<CapturedToolCall> requirements) {
		calledTool(name);
		this.actual.toolCalls().stream().filter((call) -> call.name().equals(name)).forEach(requirements);
		return this;
	}

	/** Verifies the number of model calls. */
	public RunAssert hasModelCalls(int count) {
		int calls = this.actual.modelCalls().size();
		if (calls != count) {
			fail("Expected " + title() + " to call a model " + count + " time(s) but it did " + calls + " time(s)");
		}
		return this;
	}

	/** Verifies that every model call asked this model. */
	public RunAssert usedOnlyModel(String model) {
		List<@Nullable String> models = this.actual.modelCalls()
			.stream()
			.map(CapturedModelCall::model)
			.distinct()
			.toList();
		if (models.isEmpty() || !models.equals(List.of(model))) {
			fail("Expected " + title() + " to ask only the model \"" + model + "\" but it asked " + models);
		}
		return this;
	}

	/**
	 * Verifies that the run used at most this many tokens in all (its recorded usage, or
	 * the sum of its model calls').
	 */
	public RunAssert usedAtMostTokens(long maxTokens) {
		TokenUsage usage = usage();
		if (usage.totalTokens() > maxTokens) {
			fail("Expected " + title() + " to use at most " + maxTokens + " tokens but it used "
					+ Trajectory.usage(usage));
		}
		return this;
	}

	/**
	 * Verifies that the run cost at most this much, in the currency of the prices the
	 * tracer has ({@code ModelPricing}, {@code tracing.pricing.models}). A run with no
	 * cost (no prices, or a model without one) fails.
	 * @param maxCost the most the run may cost
	 * @return this
	 */
	public RunAssert costAtMost(double maxCost) {
		TokenUsage usage = usage();
		Double cost = usage.cost();
		if (cost == null) {
			fail("Expected " + title() + " to cost at most " + maxCost + " but it has no cost: set a price for "
					+ "each of its models (ModelPricing, tracing.pricing.models)");
		}
		else if (cost > maxCost) {
			fail("Expected " + title() + " to cost at most " + maxCost + " but it cost " + cost);
		}
		return this;
	}

	/** Verifies that the run used at most this many input tokens. */
	public RunAssert usedAtMostInputTokens(long maxTokens) {
		TokenUsage usage = usage();
		if (usage.inputTokens() > maxTokens) {
			fail("Expected " + title() + " to use at most " + maxTokens + " input tokens but it used "
					+ Trajectory.usage(usage));
		}
		return this;
	}

	/** Verifies that the run used at most this many output tokens. */
	public RunAssert usedAtMostOutputTokens(long maxTokens) {
		TokenUsage usage = usage();
		if (usage.outputTokens() > maxTokens) {
			fail("Expected " + title() + " to use at most " + maxTokens + " output tokens but it used "
					+ Trajectory.usage(usage));
		}
		return this;
	}

	private TokenUsage usage() {
		TokenUsage usage = this.actual.usage();
		if (usage == null) {
			fail("Expected " + title() + " to report token usage but neither it nor its model calls did");
			throw new IllegalStateException("unreachable");
		}
		return usage;
	}

	/** Verifies the number of reasoning steps. */
	public RunAssert hasReasoningSteps(int count) {
		int steps = this.actual.reasoningSteps().size();
		if (steps != count) {
			fail("Expected " + title() + " to have " + count + " reasoning step(s) but it had " + steps);
		}
		return this;
	}

	/** Verifies that a reasoning step's content contains the text. */
	public RunAssert hasReasoningStepContaining(String text) {
		boolean found = this.actual.reasoningSteps()
			.stream()
			.anyMatch((step) -> contains(step.content(), text) || contains(step.reasoningContent(), text));
		if (!found) {
			fail("Expected a reasoning step of " + title() + " to contain \"" + text + "\" but none did");
		}
		return this;
	}

	/** Verifies the streamed content: the chunks joined. */
	public RunAssert streamed(String content) {
		String streamed = this.actual.streamedContent();
		if (!streamed.equals(content)) {
			fail("Expected " + title() + " to stream\n  \"" + content + "\"\nbut it streamed "
					+ this.actual.streamedChunks().size() + " chunk(s):\n  \"" + streamed + "\"");
		}
		return this;
	}

	/**
	 * Verifies that the run streamed its output: the chunks joined are the output (a
	 * string, or the strings of a {@code Flux} joined).
	 */
	public RunAssert streamedItsOutput() {
		succeeded();
		Object output = this.actual.output();
		String text = null;
		if (output instanceof String string) {
			text = string;
		}
		else if (output instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
			text = items.stream().map(String.class::cast).collect(Collectors.joining());
		}
		if (text == null || this.actual.streamedChunks().isEmpty()) {
			fail("Expected " + title() + " to stream its output but it streamed " + this.actual.streamedChunks().size()
					+ " chunk(s)");
			return this;
		}
		return streamed(text);
	}

	/**
	 * Verifies that the run matches a golden trajectory (see {@link GoldenTrajectory}).
	 */
	public RunAssert matchesGolden(GoldenTrajectory golden) {
		golden.assertMatches(this.actual);
		return this;
	}

	/**
	 * Verifies that the run matches the golden trajectory of this name, with the default
	 * options (see {@link GoldenTrajectory#named(String)}).
	 */
	public RunAssert matchesGolden(String name) {
		return matchesGolden(GoldenTrajectory.named(name));
	}

	private static boolean contains(@Nullable String text, String part) {
		return text != null && text.contains(part);
	}

	private String title() {
		return this.actual.title();
	}

	private void fail(String message) {
		failWithMessage("%s%nTrajectory:%n%s", message, CapturedTraces.indent(this.actual.toString()));
	}

}
