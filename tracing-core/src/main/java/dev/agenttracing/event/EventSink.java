package dev.agenttracing.event;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where {@link EventCodec#encode} writes an event's keys and values: a map
 * ({@link MapSink}, for {@link TraceEvent#toMap()}) or a JSON generator
 * ({@link EventJson}), so that both see the same keys in the same order from one piece of
 * code.
 */
interface EventSink {

	/** A string written even when it is {@code null}. */
	void string(String name, @Nullable String value);

	/** A string left out when it is {@code null}. */
	void optString(String name, @Nullable String value);

	void number(String name, long value);

	void decimal(String name, double value);

	void bool(String name, boolean value);

	/**
	 * A captured value (any value that serializes to JSON), written even when it is
	 * {@code null}.
	 */
	void content(String name, @Nullable Object value);

	/** A captured value left out when it is {@code null}. */
	void optContent(String name, @Nullable Object value);

	/** Opens a nested object; the keys up to {@link #endObject()} go into it. */
	void startObject(String name);

	void endObject();

	/**
	 * Builds the maps of {@link TraceEvent#toMap()}: nested objects are
	 * {@code LinkedHashMap}s too.
	 */
	final class MapSink implements EventSink {

		private final Map<String, @Nullable Object> root = new LinkedHashMap<>(24);

		private final Deque<Map<String, @Nullable Object>> open = new ArrayDeque<>(4);

		private Map<String, @Nullable Object> current = this.root;

		@SuppressWarnings("unchecked")
		Map<String, Object> map() {
			return (Map<String, Object>) (Map<String, ?>) this.root;
		}

		@Override
		public void string(String name, @Nullable String value) {
			this.current.put(name, value);
		}

		@Override
		public void optString(String name, @Nullable String value) {
			if (value != null) {
				this.current.put(name, value);
			}
		}

		@Override
		public void number(String name, long value) {
			this.current.put(name, value);
		}

		@Override
		public void decimal(String name, double value) {
			this.current.put(name, value);
		}

		@Override
		public void bool(String name, boolean value) {
			this.current.put(name, value);
		}

		@Override
		public void content(String name, @Nullable Object value) {
			this.current.put(name, value);
		}

		@Override
		public void optContent(String name, @Nullable Object value) {
			if (value != null) {
				this.current.put(name, value);
			}
		}

		@Override
		public void startObject(String name) {
			Map<String, @Nullable Object> nested = new LinkedHashMap<>(8);
			this.current.put(name, nested);
			this.open.push(this.current);
			this.current = nested;
		}

		@Override
		public void endObject() {
			this.current = this.open.pop();
		}

	}

}
