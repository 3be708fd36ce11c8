package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A tool call began. Written with {@code tool: {tool_call_id, tool_name, tool_args,
 * tool_call_error}}.
 *
 * @param timestamp when the call began
 * @param run the run that called the tool
 * @param tool the call
 */
public record ToolCallStarted(Instant timestamp, RunInfo run, ToolInvocation tool) implements TraceEvent {

	@Override
	public String event() {
		return "ToolCallStarted";
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

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
