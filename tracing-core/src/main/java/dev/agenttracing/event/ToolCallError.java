package dev.agenttracing.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A tool call threw. Written with {@code tool: {..., tool_call_error: true,
 * duration_ms}}, {@code error} (the message) and {@code error_type} (the exception's
 * class name).
 *
 * @param timestamp when the call failed
 * @param run the run that called the tool
 * @param tool the call
 * @param duration how long the call took
 * @param error the exception's message (its class name when it has none)
 * @param errorType the exception's simple class name
 */
public record ToolCallError(Instant timestamp, RunInfo run, ToolInvocation tool, Duration duration, String error,
		String errorType) implements TraceEvent {

	@Override
	public String event() {
		return "ToolCallError";
	}

	@Override
	public String spanId() {
		return this.tool.spanId();
	}

	@Override
	public String parentSpanId() {
		return run().spanId();
	}

	@Override
	public @Nullable String otelSpanId() {
		return this.tool.otelSpanId();
	}

	/** When the call began. */
	public Instant startedAt() {
		return this.timestamp.minus(this.duration);
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
