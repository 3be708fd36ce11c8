package dev.agenttracing.viewer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * How the viewer reads session files that a crash or a hostile hand left behind: an
 * incomplete last line, and symbolic links.
 */
class TraceDirectoryFilesTests {

	private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

	@TempDir
	Path root;

	private Path traces;

	private final Logger logger = (Logger) LoggerFactory.getLogger(SessionIndex.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private Level level;

	@BeforeEach
	void captureWarnings() throws Exception {
		this.traces = Files.createDirectories(this.root.resolve("traces"));
		this.level = this.logger.getLevel();
		this.logger.setLevel(Level.INFO);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.level);
	}

	@Test
	void skipsAnIncompleteLastLineWithOneWarningAndShowsTheRest() throws Exception {
		Path file = twoRuns("crashed");
		Files.writeString(file, "{\"event\":\"RunStarted\",\"run_id\":\"run-3\",\"session_id\":\"cra",
				StandardOpenOption.APPEND);
		settle(file);
		TraceDirectory directory = new TraceDirectory(this.traces);
		SessionIndex session = directory.session("crashed");
		assertThat(session.runCount()).isEqualTo(2);
		assertThat(new java.util.LinkedHashMap<>(session.details())).containsEntry("malformed_lines", 0)
			.containsEntry("lines", 4)
			.containsEntry("incomplete_last_line", true);
		directory.session("crashed");
		directory.session("crashed");
		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("incomplete last line 5 of crashed.jsonl");
		});
		assertThat(session.reads()).as("the unchanged file is not read again").isEqualTo(1);
	}

	@Test
	void reportsTheIncompleteLineAsMalformedOnceAWriterAppendsAfterIt() throws Exception {
		Path file = twoRuns("restarted");
		Files.writeString(file, "{\"event\":\"RunStarted\",\"run_id\":\"run-3\",\"sess", StandardOpenOption.APPEND);
		settle(file);
		TraceDirectory directory = new TraceDirectory(this.traces);
		assertThat(directory.session("restarted").details()).containsEntry("malformed_lines", 0);
		// the first line of the new writer ends the incomplete one: together they are
		// malformed
		new TraceLines("restarted").line("RunStarted", T0.plusSeconds(10), "run-4", "span_4")
			.line("RunStarted", T0.plusSeconds(11), "run-5", "span_5")
			.appendTo(file);
		Map<String, Object> details = new java.util.LinkedHashMap<>(directory.session("restarted").details());
		assertThat(details).containsEntry("malformed_lines", 1)
			.containsEntry("incomplete_last_line", false)
			.containsEntry("lines", 6)
			.containsEntry("runs", 3);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> malformed = (List<Map<String, Object>>) details.get("malformed");
		assertThat(malformed).extracting((line) -> line.get("line")).containsExactly(5);
	}

	@Test
	void readsACompleteLastLineWithoutItsLineFeedAsBefore() throws Exception {
		Path file = twoRuns("complete");
		Files.writeString(file, "{\"event\":\"RunStarted\",\"run_id\":\"run-3\",\"session_id\":\"complete\"}",
				StandardOpenOption.APPEND);
		settle(file);
		SessionIndex session = new TraceDirectory(this.traces).session("complete");
		assertThat(session.runCount()).isEqualTo(3);
		assertThat(session.details()).containsEntry("malformed_lines", 0)
			.containsEntry("lines", 5)
			.containsEntry("incomplete_last_line", false);
		assertThat(this.appender.list).isEmpty();
	}

	@Test
	void keepsReportingAMalformedLineInTheMiddle() throws Exception {
		Path file = this.traces.resolve("middle.jsonl");
		new TraceLines("middle").line("RunStarted", T0, "run-1", "span_1")
			.raw("{\"event\":\"RunStarted\",\"run_")
			.line("RunStarted", T0, "run-2", "span_2")
			.appendTo(file);
		SessionIndex session = new TraceDirectory(this.traces).session("middle");
		assertThat(session.details()).containsEntry("malformed_lines", 1).containsEntry("incomplete_last_line", false);
		assertThat(session.runCount()).isEqualTo(2);
		assertThat(this.appender.list).isEmpty();
	}

	@Test
	void neverOpensASessionFileThatIsASymbolicLinkNorReadsItsTarget() throws Exception {
		Path outside = Files.createDirectories(this.root.resolve("outside"));
		Path victim = new TraceLines("victim").line("RunStarted", T0, "secret-run", "span_1")
			.appendTo(outside.resolve("victim.jsonl"));
		Path control = new TraceLines("control").line("RunStarted", T0, "run-1", "span_1")
			.appendTo(outside.resolve("control.jsonl"));
		String content = Files.readString(victim);
		FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
		Files.setAttribute(victim, "lastAccessTime", longAgo);
		Files.setAttribute(control, "lastAccessTime", longAgo);
		Files.createSymbolicLink(this.traces.resolve("linked.jsonl"), victim);
		twoRuns("plain");
		TraceDirectory directory = new TraceDirectory(this.traces);

		assertThat(directory.sessions("", 0, 50)).containsEntry("total", 1);
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> directory.session("linked"));
		assertThat(directory.cached("linked")).isNull();

		SessionIndex plain = directory.session("plain");
		Files.delete(this.traces.resolve("plain.jsonl"));
		Files.createSymbolicLink(this.traces.resolve("plain.jsonl"), victim);
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> directory.session("plain"));
		assertThat(plain.runCount()).isEqualTo(2);

		FileTime victimAccessed = accessed(victim);
		assertThat(Files.readString(victim)).isEqualTo(content);
		// the control file's access time shows whether this file system records reads
		Files.readAllBytes(control);
		assumeThat(accessed(control).compareTo(longAgo)).as("access times recorded").isPositive();
		assertThat(victimAccessed).isEqualTo(longAgo);
	}

	private static FileTime accessed(Path file) throws Exception {
		return Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime();
	}

	private Path twoRuns(String key) throws Exception {
		return new TraceLines(key).line("RunStarted", T0, "run-1", "span_1")
			.line("RunCompleted", T0.plusMillis(5), "run-1", "span_1", "content", "done")
			.line("RunStarted", T0.plusSeconds(1), "run-2", "span_2")
			.line("RunCompleted", T0.plusSeconds(2), "run-2", "span_2", "content", "done")
			.appendTo(this.traces.resolve(key + ".jsonl"));
	}

	/** As a file left alone since its writer was killed. */
	private static void settle(Path file) throws Exception {
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(10)));
		assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotEndWith("\n");
	}

	static List<String> messages(ListAppender<ILoggingEvent> appender) {
		return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
