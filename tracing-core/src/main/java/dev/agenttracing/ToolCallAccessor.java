package dev.agenttracing;

/**
 * Carries the current tool call ({@link TracingContext#TOOL_CALL_KEY}) between threads;
 * registered with context-propagation's {@code ContextRegistry} through
 * {@code META-INF/services}. Not API.
 */
public final class ToolCallAccessor extends ThreadLocalValueAccessor<ToolCall> {

	public ToolCallAccessor() {
		super(TracingContext.TOOL_CALL_KEY, ToolCall.CURRENT);
	}

}
