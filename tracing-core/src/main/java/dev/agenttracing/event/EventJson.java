package dev.agenttracing.event;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;

/**
 * Streams an event with a Jackson {@link JsonGenerator}: the same keys, in the same
 * order, with the same values as {@link TraceEvent#toMap()}, without building the map.
 * The generator must come from the {@code ObjectMapper} (or {@code ObjectWriter}) that
 * would otherwise serialize the map, so that values other than strings, numbers,
 * booleans, lists and maps are written as it would write them. {@link TraceEvent#toMap()}
 * stays the reference: the tests hold the bytes of both equal.
 */
public final class EventJson {

	private EventJson() {
	}

	/**
	 * Writes the event as one JSON object, the value {@code toMap()} would serialize to.
	 * @param event the event
	 * @param gen the generator, at a point where a value may be written
	 */
	public static void write(TraceEvent event, JsonGenerator gen) {
		gen.writeStartObject();
		EventCodec.encode(event, new GeneratorSink(gen));
		gen.writeEndObject();
	}

	/** Writes what {@link EventCodec#encode} gives straight to the generator. */
	private record GeneratorSink(JsonGenerator gen) implements EventSink {

		@Override
		public void string(String name, @Nullable String value) {
			this.gen.writeName(name);
			if (value != null) {
				this.gen.writeString(value);
			}
			else {
				this.gen.writeNull();
			}
		}

		@Override
		public void optString(String name, @Nullable String value) {
			if (value != null) {
				this.gen.writeStringProperty(name, value);
			}
		}

		@Override
		public void number(String name, long value) {
			this.gen.writeNumberProperty(name, value);
		}

		@Override
		public void decimal(String name, double value) {
			this.gen.writeNumberProperty(name, value);
		}

		@Override
		public void bool(String name, boolean value) {
			this.gen.writeBooleanProperty(name, value);
		}

		@Override
		public void content(String name, @Nullable Object value) {
			this.gen.writeName(name);
			EventJson.content(value, this.gen);
		}

		@Override
		public void optContent(String name, @Nullable Object value) {
			if (value != null) {
				content(name, value);
			}
		}

		@Override
		public void startObject(String name) {
			this.gen.writeName(name);
			this.gen.writeStartObject();
		}

		@Override
		public void endObject() {
			this.gen.writeEndObject();
		}

	}

	/**
	 * A captured value: strings, the common numbers, booleans, and lists and maps with
	 * string keys of those are written here; anything else by the generator's mapper, as
	 * it would serialize the map.
	 */
	private static void content(@Nullable Object value, JsonGenerator gen) {
		if (value == null) {
			gen.writeNull();
		}
		else if (value instanceof String string) {
			gen.writeString(string);
		}
		else if (value instanceof Map<?, ?> map && stringKeys(map)) {
			gen.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				gen.writeName((String) entry.getKey());
				content(entry.getValue(), gen);
			}
			gen.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			gen.writeStartArray();
			for (Object item : list) {
				content(item, gen);
			}
			gen.writeEndArray();
		}
		else if (value instanceof Boolean bool) {
			gen.writeBoolean(bool);
		}
		else if (value instanceof Integer number) {
			gen.writeNumber(number.intValue());
		}
		else if (value instanceof Long number) {
			gen.writeNumber(number.longValue());
		}
		else if (value instanceof Double number) {
			gen.writeNumber(number.doubleValue());
		}
		else {
			gen.writePOJO(value);
		}
	}

	private static boolean stringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

}
