package dev.agenttracing.viewer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewer's warnings about trace files it cannot read: at most one per interval. */
class ViewerLogTests {

	private final LoggerContext context = new LoggerContext();

	private final Logger logger = this.context.getLogger(ViewerLogTests.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final AtomicLong nanos = new AtomicLong(1_000);

	ViewerLogTests() {
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setLevel(Level.INFO);
	}

	@Test
	void warnsOncePerIntervalAndCountsWhatItHeldBack() {
		ViewerLog log = new ViewerLog(this.logger, Duration.ofMinutes(1), this.nanos::get);
		log.warn(() -> "cannot read", new IllegalStateException("first"));
		this.nanos.addAndGet(Duration.ofSeconds(30).toNanos());
		log.warn(() -> "cannot read", null);
		log.warn(() -> "cannot read", null);
		assertThat(this.appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("cannot read");
		this.nanos.addAndGet(Duration.ofSeconds(31).toNanos());
		log.warn(() -> "cannot read again", null);
		assertThat(this.appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("cannot read", "cannot read again (2 more held back)");
	}

	@Test
	void logsTheStackTraceOnlyAtDebugLevel() {
		ViewerLog log = new ViewerLog(this.logger, Duration.ofMinutes(1), this.nanos::get);
		log.warn(() -> "cannot read", new IllegalStateException("boom"));
		this.logger.setLevel(Level.DEBUG);
		this.nanos.addAndGet(Duration.ofMinutes(2).toNanos());
		log.warn(() -> "cannot read", new IllegalStateException("boom"));
		assertThat(this.appender.list).extracting((event) -> event.getThrowableProxy() != null)
			.containsExactly(false, true);
	}

}
