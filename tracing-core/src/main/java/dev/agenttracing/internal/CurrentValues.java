package dev.agenttracing.internal;

import dev.agenttracing.ModelCall;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;

/**
 * The thread-locals behind {@link TracingContext#capture()}, {@link ToolCall#current()}
 * and {@link ModelCall#current()}, declared here so that the context-propagation
 * accessors next to them can read and write them. Not API: use those methods, or
 * context-propagation with the keys {@link TracingContext} documents.
 */
public final class CurrentValues {

	/** The current run and run config; empty when none was made current. */
	public static final ThreadLocal<TracingContext> CONTEXT = new ThreadLocal<>();

	/**
	 * The tool call made current, for an integration that records the call around its
	 * body.
	 */
	public static final ThreadLocal<ToolCall> TOOL_CALL = new ThreadLocal<>();

	/** The model call whose body runs. */
	public static final ThreadLocal<ModelCall> MODEL_CALL = new ThreadLocal<>();

	private CurrentValues() {
	}

}
