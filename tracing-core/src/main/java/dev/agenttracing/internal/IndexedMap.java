package dev.agenttracing.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * A read-only map whose entries are numbered, for small maps kept as arrays (a method's
 * arguments, a sanitized copy of them): iteration and {@link #forEach} go by index,
 * without the table and nodes of a {@code LinkedHashMap}; lookups scan the keys. Equal to
 * any map with the same entries.
 */
public abstract class IndexedMap extends AbstractMap<String, @Nullable Object> {

	/** The key of entry {@code index}. */
	protected abstract String key(int index);

	/** The value of entry {@code index}. */
	protected abstract @Nullable Object value(int index);

	@Override
	public @Nullable Object get(@Nullable Object key) {
		int size = size();
		for (int i = 0; i < size; i++) {
			if (key(i).equals(key)) {
				return value(i);
			}
		}
		return null;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		int size = size();
		for (int i = 0; i < size; i++) {
			if (key(i).equals(key)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
		int size = size();
		for (int i = 0; i < size; i++) {
			action.accept(key(i), value(i));
		}
	}

	@Override
	public Set<Map.Entry<String, @Nullable Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return IndexedMap.this.size();
			}

			@Override
			public Iterator<Map.Entry<String, @Nullable Object>> iterator() {
				return new Iterator<>() {

					private int index;

					@Override
					public boolean hasNext() {
						return this.index < IndexedMap.this.size();
					}

					@Override
					public Map.Entry<String, @Nullable Object> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int i = this.index++;
						return new SimpleImmutableEntry<>(key(i), value(i));
					}

				};
			}

		};
	}

}
