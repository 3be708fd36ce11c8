package dev.agenttracing;

/**
 * Carries the current model call ({@link TracingContext#MODEL_CALL_KEY}) between threads;
 * registered with context-propagation's {@code ContextRegistry} through
 * {@code META-INF/services}. Not API.
 */
public final class ModelCallAccessor extends ThreadLocalValueAccessor<ModelCall> {

	public ModelCallAccessor() {
		super(TracingContext.MODEL_CALL_KEY, ModelCall.CURRENT);
	}

}
