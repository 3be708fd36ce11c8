package dev.agenttracing.aop;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * A method's arguments by parameter name: a read-only view of the argument array, in parameter order,
 * instead of a copy into a {@code LinkedHashMap} that the tracer would copy once more when it
 * sanitizes the arguments.
 */
final class ArgumentMap extends AbstractMap<String, @Nullable Object> {

	private final String[] names;

	private final @Nullable Object[] values;

	/**
	 * @param names the parameter names; arguments past them are named {@code arg0}, {@code arg1}, ...
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
	public Set<Map.Entry<String, @Nullable Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return ArgumentMap.this.values.length;
			}

			@Override
			public Iterator<Map.Entry<String, @Nullable Object>> iterator() {
				return new Iterator<>() {

					private int index;

					@Override
					public boolean hasNext() {
						return this.index < ArgumentMap.this.values.length;
					}

					@Override
					public Map.Entry<String, @Nullable Object> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int i = this.index++;
						return new SimpleImmutableEntry<>(name(i), ArgumentMap.this.values[i]);
					}

				};
			}

		};
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
		for (int i = 0; i < this.values.length; i++) {
			action.accept(name(i), this.values[i]);
		}
	}

	private String name(int index) {
		return (index < this.names.length) ? this.names[index] : "arg" + index;
	}

}
