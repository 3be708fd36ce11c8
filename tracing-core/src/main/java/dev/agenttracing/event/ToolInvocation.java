package dev.agenttracing.event;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tool call an event is about.
 *
 * @param callId the tool call's id (the model's id when it gave one)
 * @param name the tool's name
 * @param spanId the tool call's own span id; its parent is the run's span
 * @param arguments the arguments by name, or {@code null} when content capture is off
 * @param otelSpanId the W3C span id of the call's span in the distributed trace, when a
 * tracing bridge (Micrometer) is active
 */
public record ToolInvocation(String callId, String name, String spanId,
		@Nullable Map<String, @Nullable Object> arguments, @Nullable String otelSpanId) {

	/** A call outside any distributed trace. */
	public ToolInvocation(String callId, String name, String spanId,
			@Nullable Map<String, @Nullable Object> arguments) {
		this(callId, name, spanId, arguments, null);
	}

	/** This call placed in a distributed trace. */
	public ToolInvocation withOtelSpanId(@Nullable String otelSpanId) {
		return new ToolInvocation(this.callId, this.name, this.spanId, this.arguments, otelSpanId);
	}

}
