package dev.agenttracing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * A small read-only map of sanitized content, in insertion order: two arrays instead of a
 * {@code LinkedHashMap} (a table and one node per entry) behind an unmodifiable view. The sanitizer
 * uses it for maps of at most {@link #MAX_SIZE} entries, such as a tool's arguments; equal to any map
 * with the same entries.
 */
final class ContentMap extends AbstractMap<String, @Nullable Object> {

	/** The largest map built this way: lookups scan the keys. */
	static final int MAX_SIZE = 8;

	private final String[] keys;

	private final @Nullable Object[] values;

	private int size;

	ContentMap(int capacity) {
		this.keys = new String[capacity];
		this.values = new Object[capacity];
	}

	/** Adds an entry while the map is being built; a key already present keeps its place and gets the value. */
	void add(String key, @Nullable Object value) {
		if (this.size == this.keys.length) {
			throw new ConcurrentModificationException("the map grew while it was copied");
		}
		for (int i = 0; i < this.size; i++) {
			if (this.keys[i].equals(key)) {
				this.values[i] = value;
				return;
			}
		}
		this.keys[this.size] = key;
		this.values[this.size] = value;
		this.size++;
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return indexOf(key) >= 0;
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		int index = indexOf(key);
		return (index >= 0) ? this.values[index] : null;
	}

	private int indexOf(@Nullable Object key) {
		for (int i = 0; i < this.size; i++) {
			if (this.keys[i].equals(key)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
		Objects.requireNonNull(action);
		for (int i = 0; i < this.size; i++) {
			action.accept(this.keys[i], this.values[i]);
		}
	}

	@Override
	public Set<Map.Entry<String, @Nullable Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return ContentMap.this.size;
			}

			@Override
			public Iterator<Map.Entry<String, @Nullable Object>> iterator() {
				return new Iterator<>() {

					private int index;

					@Override
					public boolean hasNext() {
						return this.index < ContentMap.this.size;
					}

					@Override
					public Map.Entry<String, @Nullable Object> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int i = this.index++;
						return new SimpleImmutableEntry<>(ContentMap.this.keys[i], ContentMap.this.values[i]);
					}

				};
			}

		};
	}

}
