package dev.agenttracing.internal;

import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;

/**
 * Carries the current tool call ({@link TracingContext#TOOL_CALL_KEY}) between threads;
 * registered with context-propagation's {@code ContextRegistry} through
 * {@code META-INF/services}. Not API.
 */
public final class ToolCallAccessor extends ThreadLocalValueAccessor<ToolCall> {

	public ToolCallAccessor() {
		super(TracingContext.TOOL_CALL_KEY, CurrentValues.TOOL_CALL);
	}

}
