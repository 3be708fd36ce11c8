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
 * @param attributes what the call's protocol tells of it, keyed as on its span (for a
 * tool served over the Model Context Protocol: {@code mcp.method.name},
 * {@code mcp.session.id}, {@code mcp.server.name}), or {@code null} when there is nothing
 * (never empty)
 */
public record ToolInvocation(String callId, String name, String spanId,
		@Nullable Map<String, @Nullable Object> arguments, @Nullable String otelSpanId,
		@Nullable Map<String, String> attributes) {

	public ToolInvocation {
		if (attributes != null && attributes.isEmpty()) {
			attributes = null;
		}
	}

	/** A call without attributes. */
	public ToolInvocation(String callId, String name, String spanId, @Nullable Map<String, @Nullable Object> arguments,
			@Nullable String otelSpanId) {
		this(callId, name, spanId, arguments, otelSpanId, null);
	}

	/** A call outside any distributed trace. */
	public ToolInvocation(String callId, String name, String spanId,
			@Nullable Map<String, @Nullable Object> arguments) {
		this(callId, name, spanId, arguments, null, null);
	}

	/** This call placed in a distributed trace. */
	public ToolInvocation withOtelSpanId(@Nullable String otelSpanId) {
		return new ToolInvocation(this.callId, this.name, this.spanId, this.arguments, otelSpanId, this.attributes);
	}

	/**
	 * The value of one of the call's attributes.
	 * @param key the attribute's key, such as {@code mcp.session.id}
	 * @return its value, or {@code null} when the call has none
	 */
	public @Nullable String attribute(String key) {
		Map<String, String> attributes = this.attributes;
		return (attributes != null) ? attributes.get(key) : null;
	}

}
