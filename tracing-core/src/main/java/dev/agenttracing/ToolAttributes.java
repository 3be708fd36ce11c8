package dev.agenttracing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The attributes of a tool call as they are recorded: at most {@value #MAX_ATTRIBUTES} in
 * the order given, keys of 1 to {@value #MAX_KEY_LENGTH} characters, string values. What
 * an application passes that breaks these bounds is left out, never failing the call. The
 * values are redacted and bounded like a group id where the call's arguments are redacted
 * ({@link #redacted}), not on the calling thread.
 */
final class ToolAttributes {

	static final int MAX_ATTRIBUTES = 32;

	static final int MAX_KEY_LENGTH = 128;

	private ToolAttributes() {
	}

	/** A copy of the attributes within the bounds, or {@code null} when none is left. */
	static @Nullable Map<String, String> of(@Nullable Map<String, String> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return null;
		}
		Map<String, String> kept = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : attributes.entrySet()) {
			if (kept.size() == MAX_ATTRIBUTES) {
				break;
			}
			// the map may come from anywhere: a raw type can hold what its generics deny
			if (entry.getKey() instanceof String key && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH
					&& entry.getValue() instanceof String value) {
				kept.put(key, value);
			}
		}
		return kept.isEmpty() ? null : Collections.unmodifiableMap(kept);
	}

	/** The attributes with their values redacted and bounded like a group id. */
	static @Nullable Map<String, String> redacted(@Nullable Map<String, String> attributes,
			ContentSanitizer sanitizer) {
		if (attributes == null) {
			return null;
		}
		Map<String, String> redacted = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			String label = sanitizer.label(value);
			if (label != null) {
				redacted.put(key, label);
			}
		});
		return Collections.unmodifiableMap(redacted);
	}

}
