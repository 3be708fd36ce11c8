package dev.agenttracing.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A tool call returned. Written with {@code tool: {tool_call_id, tool_name, tool_args,
 * result, tool_call_error: false, duration_ms}}.
 *
 * @param timestamp when the call returned
 * @param run the run that called the tool
 * @param tool the call
 * @param result what the tool returned, or {@code null} when content capture is off
 * @param duration how long the call took
 */
public record ToolCallCompleted(Instant timestamp, RunInfo run, ToolInvocation tool, @Nullable Object result,
		Duration duration) implements TraceEvent {

	@Override
	public String event() {
		return "ToolCallCompleted";
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
