package dev.agenttracing;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * A context-propagation accessor of the thread-local behind
 * {@link TracingContext#capture()}, {@link ToolCall#current()} or
 * {@link ModelCall#current()}: what Spring's {@code ContextPropagatingTaskDecorator},
 * {@code ContextSnapshot} and Reactor's automatic context propagation use to carry it to
 * another thread and to restore what was there before. Only loaded when
 * context-propagation is on the class path (through {@code java.util.ServiceLoader}).
 */
abstract class ThreadLocalValueAccessor<V> implements ThreadLocalAccessor<V> {

	private final String key;

	private final ThreadLocal<V> current;

	ThreadLocalValueAccessor(String key, ThreadLocal<V> current) {
		this.key = key;
		this.current = current;
	}

	@Override
	public final Object key() {
		return this.key;
	}

	@Override
	public @Nullable V getValue() {
		return this.current.get();
	}

	@Override
	public final void setValue(V value) {
		this.current.set(value);
	}

	@Override
	public final void setValue() {
		this.current.remove();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.key + "]";
	}

}
