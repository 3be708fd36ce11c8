package dev.agenttracing.aop;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.internal.IndexedMap;

/**
 * A method's arguments by parameter name: a read-only view of the argument array, in
 * parameter order, instead of a copy into a {@code LinkedHashMap} that the tracer would
 * copy once more when it sanitizes the arguments.
 */
final class ArgumentMap extends IndexedMap {

	private final String[] names;

	private final @Nullable Object[] values;

	/**
	 * @param names the parameter names; arguments past them are named {@code arg0},
	 * {@code arg1}, ...
	 * @param values the arguments, not copied: the join point's own copy
	 */
	ArgumentMap(String[] names, @Nullable Object[] values) {
		this.names = names;
		this.values = values;
	}

	@Override
	public int size() {
		return this.values.length;
	}

	@Override
	protected String key(int index) {
		return (index < this.names.length) ? this.names[index] : "arg" + index;
	}

	@Override
	protected @Nullable Object value(int index) {
		return this.values[index];
	}

}
