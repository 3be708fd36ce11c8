package dev.agenttracing;

import java.util.ConcurrentModificationException;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.internal.IndexedMap;

/**
 * A small read-only map of sanitized content, in insertion order: two arrays instead of a
 * {@code LinkedHashMap} (a table and one node per entry) behind an unmodifiable view. The
 * sanitizer uses it for maps of at most {@link #MAX_SIZE} entries, such as a tool's
 * arguments.
 */
final class ContentMap extends IndexedMap {

	/** The largest map built this way: lookups scan the keys. */
	static final int MAX_SIZE = 8;

	private final String[] keys;

	private final @Nullable Object[] values;

	private int size;

	ContentMap(int capacity) {
		this.keys = new String[capacity];
		this.values = new Object[capacity];
	}

	/**
	 * Adds an entry while the map is being built; a key already present keeps its place
	 * and gets the value.
	 */
	void add(String key, @Nullable Object value) {
		for (int i = 0; i < this.size; i++) {
			if (this.keys[i].equals(key)) {
				this.values[i] = value;
				return;
			}
		}
		if (this.size == this.keys.length) {
			throw new ConcurrentModificationException("the map grew while it was copied");
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
	protected String key(int index) {
		return this.keys[index];
	}

	@Override
	protected @Nullable Object value(int index) {
		return this.values[index];
	}

}
