package dev.agenttracing.export.celesto;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures every log event of the test, stack traces included, with a logback
 * {@link ListAppender}.
 */
final class LogCapture implements AutoCloseable {

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	/**
	 * The project's loggers, at debug while capturing so that what only debug shows is
	 * checked too.
	 */
	private final Logger project = (Logger) LoggerFactory.getLogger("dev.agenttracing");

	private final Level projectLevel = this.project.getLevel();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture() {
		this.appender.start();
		this.root.addAppender(this.appender);
		this.project.setLevel(Level.DEBUG);
	}

	static LogCapture start() {
		return new LogCapture();
	}

	/** Every event as one text: level, logger, message and the stack trace, if any. */
	List<String> lines() {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : events()) {
			String text = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
			if (event.getThrowableProxy() != null) {
				text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
			}
			lines.add(text);
		}
		return lines;
	}

	/** The messages at WARN or above of one class's logger. */
	List<String> warnings(Class<?> source) {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : events()) {
			if (event.getLoggerName().equals(source.getName()) && event.getLevel().isGreaterOrEqual(Level.WARN)) {
				lines.add(event.getFormattedMessage());
			}
		}
		return lines;
	}

	/** Asserts that no captured line, stack traces included, holds the secret. */
	void assertNoLineContains(String secret) {
		assertThat(lines()).as("captured log lines").noneMatch(line -> line.contains(secret));
	}

	private List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	@Override
	public void close() {
		this.project.setLevel(this.projectLevel);
		this.root.detachAppender(this.appender);
		this.appender.stop();
	}

}
