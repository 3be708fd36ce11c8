package dev.agenttracing.sample.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks of what clients send; a failed check is a 400 with a JSON problem detail.
 * Session ids may hold any character but path separators, {@code ..} and control
 * characters: the trace file's name is derived from the id by
 * {@code JsonlExporter.fileName}, which is safe for any id, but an id that tries to leave
 * the trace directory is refused outright.
 */
final class RequestChecks {

	static final int MAX_INPUT_LENGTH = 10_000;

	static final int MAX_ID_LENGTH = 100;

	static final int MAX_METADATA_ENTRIES = 20;

	static final int MAX_METADATA_LENGTH = 200;

	/**
	 * The most events a page of a session's events has, and the number it has unless
	 * asked.
	 */
	static final int MAX_EVENTS_LIMIT = 1000;

	private RequestChecks() {
	}

	static String input(@Nullable String input) {
		if (input == null || input.isBlank()) {
			throw badRequest("input must not be empty");
		}
		if (input.length() > MAX_INPUT_LENGTH) {
			throw badRequest("input must be at most " + MAX_INPUT_LENGTH + " characters long");
		}
		return input;
	}

	static String sessionId(@Nullable String sessionId) {
		if (sessionId == null || sessionId.isBlank()) {
			throw badRequest("sessionId must not be empty");
		}
		return id("sessionId", sessionId);
	}

	static @Nullable String groupId(@Nullable String groupId) {
		return (groupId != null) ? id("groupId", groupId) : null;
	}

	static @Nullable Map<String, String> metadata(@Nullable Map<String, String> metadata) {
		if (metadata == null) {
			return null;
		}
		if (metadata.size() > MAX_METADATA_ENTRIES) {
			throw badRequest("metadata must have at most " + MAX_METADATA_ENTRIES + " entries");
		}
		for (Map.Entry<String, String> entry : metadata.entrySet()) {
			if (entry.getKey().length() > MAX_METADATA_LENGTH || entry.getValue() == null
					|| entry.getValue().length() > MAX_METADATA_LENGTH) {
				throw badRequest(
						"metadata keys and values must be strings of at most " + MAX_METADATA_LENGTH + " characters");
			}
		}
		return metadata;
	}

	/** The {@code offset} of a page of events: a whole number, 0 or more. */
	static long offset(@Nullable String offset) {
		if (offset == null) {
			return 0;
		}
		try {
			long value = Long.parseLong(offset.trim());
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw badRequest("offset must be a whole number from 0 to " + Long.MAX_VALUE);
	}

	/** The {@code limit} of a page of events: 1 to {@link #MAX_EVENTS_LIMIT}. */
	static int limit(@Nullable String limit) {
		if (limit == null) {
			return MAX_EVENTS_LIMIT;
		}
		try {
			long value = Long.parseLong(limit.trim());
			if (value >= 1 && value <= MAX_EVENTS_LIMIT) {
				return (int) value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw badRequest("limit must be a whole number from 1 to " + MAX_EVENTS_LIMIT);
	}

	private static String id(String name, String id) {
		if (id.length() > MAX_ID_LENGTH) {
			throw badRequest(name + " must be at most " + MAX_ID_LENGTH + " characters long");
		}
		if (id.contains("/") || id.contains("\\") || id.contains("..")
				|| id.chars().anyMatch(Character::isISOControl)) {
			throw badRequest(name + " must not contain '/', '\\', '..' or control characters");
		}
		return id;
	}

	static ResponseStatusException badRequest(String detail) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
	}

}
