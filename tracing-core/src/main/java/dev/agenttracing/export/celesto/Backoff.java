package dev.agenttracing.export.celesto;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The delays between the attempts at one request: doubling, with jitter, capped;
 * Retry-After wins.
 */
final class Backoff {

	private final long maxNanos;

	private long nextNanos;

	Backoff(Duration initial, Duration max) {
		this.maxNanos = max.toNanos();
		this.nextNanos = Math.min(initial.toNanos(), this.maxNanos);
	}

	/**
	 * The delay before the next attempt: what the server asked for, if it did, else the
	 * current step with ±20 % jitter; both at most the maximum.
	 * @param retryAfter the server's Retry-After, if any
	 * @return the delay
	 */
	Duration next(@Nullable Duration retryAfter) {
		long step = this.nextNanos;
		this.nextNanos = (step > this.maxNanos / 2) ? this.maxNanos : Math.max(1, step * 2);
		if (retryAfter != null) {
			return Duration.ofNanos(Math.min(retryAfter.toNanos(), this.maxNanos));
		}
		double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
		return Duration.ofNanos(Math.min((long) (step * jitter), this.maxNanos));
	}

	/**
	 * Reads a Retry-After header: delay seconds, or an HTTP date.
	 * @param value the header's value, if any
	 * @param now the current time, for a date
	 * @return the delay (zero for a date in the past), or {@code null} when absent or
	 * unreadable
	 */
	static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			catch (NumberFormatException | ArithmeticException ex) {
				return null;
			}
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
