package dev.agenttracing.viewer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Warns at most once per interval, counting the warnings it held back, so that a page
 * that polls every two seconds against a trace directory it cannot read does not flood
 * the application's log. The stack trace is logged only at debug level.
 */
final class ViewerLog {

	private static final long NEVER = Long.MIN_VALUE;

	private final Logger logger;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final AtomicLong lastLogged = new AtomicLong(NEVER);

	private final AtomicLong heldBack = new AtomicLong();

	ViewerLog(Logger logger, Duration interval) {
		this(logger, interval, System::nanoTime);
	}

	ViewerLog(Logger logger, Duration interval, LongSupplier nanoTime) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Logs a warning unless one was logged within the interval.
	 * @param message makes the message, only when it is logged; the number held back is
	 * appended
	 * @param error the cause, its stack trace logged at debug level
	 */
	void warn(Supplier<String> message, @Nullable Throwable error) {
		long now = this.nanoTime.getAsLong();
		long last = this.lastLogged.get();
		if ((last != NEVER && now - last < this.intervalNanos) || !this.lastLogged.compareAndSet(last, now)) {
			this.heldBack.incrementAndGet();
			return;
		}
		long held = this.heldBack.getAndSet(0);
		String text = (held > 0) ? message.get() + " (" + held + " more held back)" : message.get();
		if (error != null && this.logger.isDebugEnabled()) {
			this.logger.warn(text, error);
		}
		else {
			this.logger.warn(text);
		}
	}

}
