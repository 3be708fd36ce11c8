package dev.agenttracing;

import org.jspecify.annotations.Nullable;

/**
 * Carries the current run and run config ({@link TracingContext#CONTEXT_KEY}) between
 * threads; registered with context-propagation's {@code ContextRegistry} through
 * {@code META-INF/services}. Not API.
 */
public final class TracingContextAccessor extends ThreadLocalValueAccessor<TracingContext> {

	public TracingContextAccessor() {
		super(TracingContext.CONTEXT_KEY, TracingContext.CURRENT);
	}

	@Override
	public @Nullable TracingContext getValue() {
		// first drops a context whose run or config scope ended on this thread
		TracingContext.capture();
		return super.getValue();
	}

}
