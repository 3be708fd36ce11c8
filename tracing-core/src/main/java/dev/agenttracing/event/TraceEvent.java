package dev.agenttracing.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One thing that happened in an agent run. There are twelve kinds: the nine of
 * Definable's tracing, {@link RunStarted}, {@link RunContent},
 * {@link RunContentCompleted}, {@link ToolCallStarted}, {@link ToolCallCompleted},
 * {@link ToolCallError}, {@link ReasoningStep}, {@link RunCompleted} and
 * {@link RunError}, and three for model calls, {@link ModelCallStarted},
 * {@link ModelCallCompleted} and {@link ModelCallError}.
 *
 * <pre>{@code
 * TraceEventFilter noChunks = event -> !(event instanceof RunContent);
 * Map<String, Object> line = event.toMap();   // the JSON object of one JSONL line
 * TraceEvent same = TraceEvent.fromMap(line); // equal to event
 * }</pre>
 */
public sealed interface TraceEvent
		permits RunStarted, RunContent, RunContentCompleted, ToolCallStarted, ToolCallCompleted, ToolCallError,
		ModelCallStarted, ModelCallCompleted, ModelCallError, ReasoningStep, RunCompleted, RunError {

	/** The names of the twelve events, as {@link #event()} returns them. */
	List<String> NAMES = List.of("RunStarted", "RunContent", "RunContentCompleted", "ToolCallStarted",
			"ToolCallCompleted", "ToolCallError", "ModelCallStarted", "ModelCallCompleted", "ModelCallError",
			"ReasoningStep", "RunCompleted", "RunError");

	/** The event's name, for example {@code "ToolCallCompleted"}. */
	String event();

	/** When it happened, with microsecond precision. */
	Instant timestamp();

	/** The run it belongs to. */
	RunInfo run();

	/**
	 * The id of the span this event describes: the run's own, or a tool call's, model
	 * call's or reasoning step's.
	 */
	default String spanId() {
		return run().spanId();
	}

	/**
	 * The parent of {@link #spanId()}: the run's span for tool, model and reasoning
	 * events, else {@code null}.
	 */
	default @Nullable String parentSpanId() {
		return null;
	}

	/**
	 * The W3C span id of {@link #spanId()} in the distributed trace, when a tracing
	 * bridge is active.
	 */
	default @Nullable String otelSpanId() {
		return run().otelSpanId();
	}

	/** The run's id. */
	default String runId() {
		return run().runId();
	}

	/** The run's session id. */
	default String sessionId() {
		return run().sessionId();
	}

	/** The run's trace id. */
	default String traceId() {
		return run().traceId();
	}

	/** The agent's name. */
	default @Nullable String agentName() {
		return run().agentName();
	}

	/**
	 * The event as the JSON object of one JSONL line: snake_case keys, {@code null}
	 * values left out.
	 * @return a new mutable map in the documented key order
	 */
	Map<String, Object> toMap();

	/**
	 * Reads an event back from the object {@link #toMap()} gave.
	 * @param map one JSONL line, parsed
	 * @return the equal event
	 * @throws IllegalArgumentException if the map is no trace event, naming the missing
	 * or bad key
	 */
	static TraceEvent fromMap(Map<String, ?> map) {
		return EventCodec.decode(map);
	}

}
