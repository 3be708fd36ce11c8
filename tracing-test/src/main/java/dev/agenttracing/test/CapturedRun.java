package dev.agenttracing.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;

/**
 * One agent run as a test sees it: its events, and the trajectory they describe (tool
 * calls, model calls and reasoning steps in the order they started), with its input,
 * outcome, streamed content and usage. Any run recorded through an
 * {@link dev.agenttracing.AgentTracer} reads alike, whether annotated code, the manual
 * API or a framework integration (Spring AI, LangChain4j) recorded it.
 * {@link #toString()} is the readable trajectory that failure messages show.
 */
public final class CapturedRun {

	private final List<TraceEvent> events;

	private final RunInfo info;

	private final @Nullable String model;

	private final @Nullable Object input;

	private final List<CapturedStep> steps;

	private final List<String> chunks;

	private final @Nullable TraceEvent end;

	CapturedRun(List<TraceEvent> events) {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("a run has at least one event");
		}
		this.events = List.copyOf(events);
		this.info = events.get(0).run();
		String model = null;
		Object input = null;
		TraceEvent end = null;
		List<CapturedStep> steps = new ArrayList<>();
		Map<String, Integer> stepBySpan = new HashMap<>();
		List<String> chunks = new ArrayList<>();
		for (TraceEvent event : events) {
			if (event instanceof RunStarted started) {
				model = started.model();
				input = started.input();
			}
			else if (event instanceof RunCompleted completed) {
				model = (model != null) ? model : completed.model();
				input = (input != null) ? input : completed.input();
				end = completed;
			}
			else if (event instanceof RunError error) {
				model = (model != null) ? model : error.model();
				input = (input != null) ? input : error.input();
				end = error;
			}
			else if (event instanceof RunContent content && content.content() != null) {
				chunks.add(content.content());
			}
			else if (event instanceof ReasoningStep step) {
				steps.add(new CapturedReasoningStep(step.content(), step.reasoningContent()));
			}
			else if (event instanceof ToolCallStarted started) {
				put(steps, stepBySpan, started.spanId(), tool(started.tool(), null, null, null, null));
			}
			else if (event instanceof ToolCallCompleted completed) {
				put(steps, stepBySpan, completed.spanId(),
						tool(completed.tool(), completed.result(), null, null, completed.duration()));
			}
			else if (event instanceof ToolCallError error) {
				put(steps, stepBySpan, error.spanId(),
						tool(error.tool(), null, error.error(), error.errorType(), error.duration()));
			}
			else if (event instanceof ModelCallStarted started) {
				put(steps, stepBySpan, started.spanId(), model(started.call(), null, null, null, null, null, null));
			}
			else if (event instanceof ModelCallCompleted completed) {
				put(steps, stepBySpan, completed.spanId(), model(completed.call(), completed.output(),
						completed.finishReason(), completed.usage(), null, null, completed.duration()));
			}
			else if (event instanceof ModelCallError error) {
				put(steps, stepBySpan, error.spanId(),
						model(error.call(), null, null, null, error.error(), error.errorType(), error.duration()));
			}
		}
		this.model = model;
		this.input = input;
		this.end = end;
		this.steps = List.copyOf(steps);
		this.chunks = List.copyOf(chunks);
	}

	/** A step where its call started, or at the end when its start was not captured. */
	private static void put(List<CapturedStep> steps, Map<String, Integer> stepBySpan, String spanId,
			CapturedStep step) {
		Integer index = stepBySpan.get(spanId);
		if (index != null) {
			steps.set(index, step);
		}
		else {
			stepBySpan.put(spanId, steps.size());
			steps.add(step);
		}
	}

	private static CapturedToolCall tool(ToolInvocation tool, @Nullable Object result, @Nullable String error,
			@Nullable String errorType, @Nullable Duration duration) {
		return new CapturedToolCall(tool.name(), tool.callId(), tool.arguments(), result, error, errorType, duration);
	}

	private static CapturedModelCall model(ModelInvocation call, @Nullable Object output, @Nullable String finishReason,
			@Nullable TokenUsage usage, @Nullable String error, @Nullable String errorType,
			@Nullable Duration duration) {
		return new CapturedModelCall(call.model(), call.provider(), call.input(), output, finishReason, usage, error,
				errorType, duration);
	}

	/** The run's events, in the order they were exported. */
	public List<TraceEvent> events() {
		return this.events;
	}

	/** The run's id. */
	public String runId() {
		return this.info.runId();
	}

	/** The agent's name, if set. */
	public @Nullable String agentName() {
		return this.info.agentName();
	}

	/** The run's session. */
	public String sessionId() {
		return this.info.sessionId();
	}

	/** The run's group id, if set. */
	public @Nullable String groupId() {
		return this.info.groupId();
	}

	/** The run's metadata (empty when none). */
	public Map<String, @Nullable Object> metadata() {
		Map<String, @Nullable Object> metadata = this.info.metadata();
		return (metadata != null) ? metadata : Map.of();
	}

	/** The model the agent uses, if set. */
	public @Nullable String model() {
		return this.model;
	}

	/** The run's input, as JSON values. */
	public @Nullable Object input() {
		return this.input;
	}

	/** The run's output, once it completed. */
	public @Nullable Object output() {
		return (this.end instanceof RunCompleted completed) ? completed.output() : null;
	}

	/** Whether the run completed. */
	public boolean completed() {
		return this.end instanceof RunCompleted;
	}

	/** Whether the run failed. */
	public boolean failed() {
		return this.end instanceof RunError;
	}

	/** Whether the run has neither completed nor failed yet. */
	public boolean running() {
		return this.end == null;
	}

	/** The message of what the run failed with, if it failed. */
	public @Nullable String error() {
		return (this.end instanceof RunError error) ? error.error() : null;
	}

	/** The simple class name of what the run failed with, if it failed. */
	public @Nullable String errorType() {
		return (this.end instanceof RunError error) ? error.errorType() : null;
	}

	/**
	 * The steps: tool calls, model calls and reasoning steps, in the order they started.
	 */
	public List<CapturedStep> steps() {
		return this.steps;
	}

	/** The tool calls, in the order they started. */
	public List<CapturedToolCall> toolCalls() {
		return ofType(CapturedToolCall.class);
	}

	/** The names of the tools called, in the order they started, repeats included. */
	public List<String> toolNames() {
		return toolCalls().stream().map(CapturedToolCall::name).toList();
	}

	/** The model calls, in the order they started. */
	public List<CapturedModelCall> modelCalls() {
		return ofType(CapturedModelCall.class);
	}

	/** The reasoning steps, in order. */
	public List<CapturedReasoningStep> reasoningSteps() {
		return ofType(CapturedReasoningStep.class);
	}

	/** The streamed chunks ({@code RunContent}), in order. */
	public List<String> streamedChunks() {
		return this.chunks;
	}

	/** The streamed chunks joined. */
	public String streamedContent() {
		return String.join("", this.chunks);
	}

	/**
	 * The tokens the run used: as its completion recorded them, or else the sum of its
	 * model calls'; {@code null} when nothing reported usage.
	 */
	public @Nullable TokenUsage usage() {
		if (this.end instanceof RunCompleted completed && completed.metrics().usage() != null) {
			return completed.metrics().usage();
		}
		if (this.end instanceof RunError error && error.metrics().usage() != null) {
			return error.metrics().usage();
		}
		TokenUsage sum = null;
		for (CapturedModelCall call : modelCalls()) {
			TokenUsage usage = call.usage();
			if (usage != null) {
				sum = (sum != null) ? sum.plus(usage) : usage;
			}
		}
		return sum;
	}

	/** How long the run took, once it ended. */
	public @Nullable Duration duration() {
		if (this.end instanceof RunCompleted completed) {
			return completed.metrics().duration();
		}
		return (this.end instanceof RunError error) ? error.metrics().duration() : null;
	}

	/** The steps that failed, in order. */
	public List<CapturedStep> failedSteps() {
		return this.steps.stream().filter(CapturedStep::failed).toList();
	}

	private <T extends CapturedStep> List<T> ofType(Class<T> type) {
		return this.steps.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** A short name of the run for messages: agent, session and input. */
	String title() {
		return "run of " + Trajectory.quote(agentName()) + " in session " + Trajectory.quote(sessionId());
	}

	/** The readable trajectory, as failure messages show it. */
	@Override
	public String toString() {
		return Trajectory.format(this);
	}

}
