package dev.agenttracing.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs a failure once per cause and interval, counting what it held back, so that a
 * broken backend cannot flood the application's log. Not API.
 */
public final class RateLimitedLog {

	private static final int MAX_KEYS = 1024;

	private final Logger logger;

	private final long intervalNanos;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	public RateLimitedLog(Logger logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs a warning unless the same key was logged within the interval.
	 * @param key what identifies the cause, for example the exporter and exception class
	 * @param message makes the message, only when it is logged; the number held back is
	 * appended
	 * @param error the exception, its stack trace logged only at debug level
	 */
	public void warn(String key, Supplier<String> message, @Nullable Throwable error) {
		if (this.windows.size() > MAX_KEYS) {
			this.windows.clear();
		}
		Window window = this.windows.computeIfAbsent(key, k -> new Window());
		long now = System.nanoTime();
		long last = window.lastLogged.get();
		if (last != Long.MIN_VALUE && now - last < this.intervalNanos) {
			window.suppressed.incrementAndGet();
			return;
		}
		if (!window.lastLogged.compareAndSet(last, now)) {
			window.suppressed.incrementAndGet();
			return;
		}
		long suppressed = window.suppressed.getAndSet(0);
		String text = (suppressed > 0) ? message.get() + " (" + suppressed + " similar messages suppressed)"
				: message.get();
		if (error != null && this.logger.isDebugEnabled()) {
			this.logger.warn(text, error);
		}
		else {
			this.logger.warn(text);
		}
	}

	private static final class Window {

		final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

		final AtomicLong suppressed = new AtomicLong();

	}

}
