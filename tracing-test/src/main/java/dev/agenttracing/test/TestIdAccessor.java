package dev.agenttracing.test;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries the current test to other threads with Micrometer's context-propagation, as the
 * current run is carried: through Spring's {@code ContextPropagatingTaskDecorator},
 * {@code ContextSnapshot} and Reactor's automatic context propagation. Loaded through
 * {@code java.util.ServiceLoader} when context-propagation is on the class path.
 */
public final class TestIdAccessor implements ThreadLocalAccessor<TestId> {

	/** The key of the current test in a context snapshot. */
	public static final String KEY = "agenttracing.test";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable TestId getValue() {
		return TraceCapture.CURRENT.get();
	}

	@Override
	public void setValue(TestId value) {
		TraceCapture.CURRENT.set(value);
	}

	@Override
	public void setValue() {
		TraceCapture.CURRENT.remove();
	}

}
