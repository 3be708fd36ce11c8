package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bounded readers of {@link TraceFiles}: streamed and paged reads give the events a
 * whole read gives, an incomplete last line is skipped, and no reader follows a symbolic
 * link, nor does the exporter write through one.
 */
class TraceFileReadingTests {

	@TempDir
	Path root;

	private Path traces() {
		return this.root.resolve("traces");
	}

	/** A session file of 20 runs of 2 events each, blank lines between some of them. */
	private Path sessionFile() throws IOException {
		AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(traces(), true, false)).build();
		for (int i = 0; i < 20; i++) {
			tracer.newRun("agent").sessionId("paged").input("question " + i).start().complete("answer " + i);
		}
		tracer.shutdown(Duration.ofSeconds(5));
		Path file = traces().resolve("paged.jsonl");
		Files.writeString(file,
				Files.readString(file).replace("}\n{\"event\":\"RunStarted\"", "}\n\n{\"event\":\"RunStarted\""));
		return file;
	}

	@Test
	void streamedAndPagedReadsGiveTheEventsOfAWholeRead() throws Exception {
		Path file = sessionFile();
		List<TraceEvent> whole = TraceFiles.readTraceEvents(file);
		assertThat(whole).hasSize(40);
		try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file)) {
			assertThat(events.toList()).isEqualTo(whole);
		}
		try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file, 30)) {
			assertThat(events.toList()).isEqualTo(whole.subList(30, 40));
		}
		assertThat(TraceFiles.readTraceEvents(file, 0, 15)).isEqualTo(whole.subList(0, 15));
		assertThat(TraceFiles.readTraceEvents(file, 15, 15)).isEqualTo(whole.subList(15, 30));
		assertThat(TraceFiles.readTraceEvents(file, 30, 15)).isEqualTo(whole.subList(30, 40));
		assertThat(TraceFiles.readTraceEvents(file, 40, 15)).isEmpty();
		assertThat(TraceFiles.readTraceEvents(file, Long.MAX_VALUE, 15)).isEmpty();
		assertThat(TraceFiles.readTraceEvents(file, 3, 0)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> TraceFiles.readTraceEvents(file, -1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> TraceFiles.readTraceEvents(file, 0, -1));
	}

	@Test
	void aStreamReadsOnlyWhatItIsAskedFor() throws Exception {
		Path file = sessionFile();
		// a malformed line past what is asked for is never reached
		Files.writeString(file, Files.readString(file) + "{not json}\n");
		try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file)) {
			assertThat(events.limit(3).map(TraceEvent::event)).containsExactly("RunStarted", "RunCompleted",
					"RunStarted");
		}
		try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file)) {
			assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(events::count)
				.withMessageStartingWith(file + ":60: malformed JSON");
		}
	}

	@Test
	void anIncompleteLastLineIsSkippedAndTheLinesBeforeItAreRead() throws Exception {
		Path file = sessionFile();
		List<TraceEvent> whole = TraceFiles.readTraceEvents(file);
		String text = Files.readString(file);
		String lastLine = text.substring(text.lastIndexOf("\n", text.length() - 2) + 1);
		// a writer killed in the middle of the line after the last one
		Files.writeString(file, text + lastLine.substring(0, lastLine.length() / 2));
		assertThat(TraceFiles.readTraceEvents(file)).isEqualTo(whole);
		assertThat(TraceFiles.readTraceFile(file)).hasSize(40);
		try (Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file)) {
			assertThat(events.count()).isEqualTo(40);
		}
		// a complete last line without its line end is read as it is
		Files.writeString(file, text.substring(0, text.length() - 1));
		assertThat(TraceFiles.readTraceEvents(file)).isEqualTo(whole);
		// an incomplete line followed by others is malformed, as before
		Files.writeString(file, lastLine.substring(0, 20) + "\n" + text);
		assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(() -> TraceFiles.readTraceEvents(file))
			.withMessageStartingWith(file + ":1: malformed JSON");
	}

	@Test
	void theExporterCutsOffAnIncompleteLastLineBeforeItAppends() throws Exception {
		Path file = sessionFile();
		String text = Files.readString(file);
		// a process killed in the middle of a line, 20,000 bytes of it (more than one
		// chunk read from the end)
		Files.writeString(file, text + "{\"event\":\"RunStarted\",\"x\":\"" + "z".repeat(20_000));
		AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(traces(), true, false)).build();
		tracer.newRun("agent").sessionId("paged").start().complete("after the crash");
		tracer.shutdown(Duration.ofSeconds(5));
		assertThat(Files.readString(file)).startsWith(text).doesNotContain("zzz");
		List<TraceEvent> events = TraceFiles.readTraceEvents(file);
		assertThat(events).hasSize(42);
		assertThat(events.get(41).event()).isEqualTo("RunCompleted");
	}

	@Test
	void theExporterEndsAWholeLastLineThatHasNoLineEndBeforeItAppends() throws Exception {
		Path file = sessionFile();
		String text = Files.readString(file);
		Files.writeString(file, text.substring(0, text.length() - 1));
		AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(traces(), true, false)).build();
		tracer.newRun("agent").sessionId("paged").start().complete("after");
		tracer.shutdown(Duration.ofSeconds(5));
		assertThat(Files.readString(file)).startsWith(text);
		assertThat(TraceFiles.readTraceEvents(file)).hasSize(42);
	}

	@Test
	void aLineLongerThanTheLimitIsRefusedWithoutBeingHeld() throws Exception {
		Files.createDirectories(traces());
		Path file = traces().resolve("long.jsonl");
		Files.writeString(file,
				"{\"event\":\"RunStarted\",\"x\":\"" + "a".repeat(TraceFileReader.MAX_LINE_LENGTH) + "\"}\n",
				StandardCharsets.UTF_8);
		assertThatExceptionOfType(MalformedTraceFileException.class).isThrownBy(() -> TraceFiles.readTraceFile(file))
			.withMessage(file + ":1: line longer than " + TraceFileReader.MAX_LINE_LENGTH + " characters");
	}

	@Test
	void noReaderFollowsASymbolicLink() throws Exception {
		Path file = sessionFile();
		Path link = traces().resolve("linked.jsonl");
		Files.createSymbolicLink(link, file);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TraceFiles.readTraceFile(link))
			.withMessageContaining("symbolic link");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TraceFiles.readTraceEvents(link))
			.withMessageContaining("symbolic link");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TraceFiles.readTraceEvents(link, 0, 10))
			.withMessageContaining("symbolic link");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TraceFiles.streamTraceEvents(link))
			.withMessageContaining("symbolic link");
	}

	@Test
	void theExporterNeverWritesThroughASymbolicLink() throws Exception {
		Path victim = this.root.resolve("victim.txt");
		Files.writeString(victim, "precious\n");
		Files.createDirectories(traces());
		Files.createSymbolicLink(traces().resolve("linked.jsonl"), victim);
		Files.createSymbolicLink(traces().resolve("dangling.jsonl"), this.root.resolve("created-elsewhere.txt"));
		RecordingExporter events = new RecordingExporter();
		AgentTracer tracer = AgentTracer.builder().exporter(events).build();
		tracer.newRun("agent").sessionId("linked").start().complete("answer");
		tracer.newRun("agent").sessionId("dangling").start().complete("answer");
		tracer.shutdown(Duration.ofSeconds(5));
		JsonlExporter exporter = new JsonlExporter(traces(), true, false);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> exporter.export(events.events()))
			.withMessageContaining("symbolic link");
		exporter.shutdown();
		assertThat(Files.readString(victim)).isEqualTo("precious\n");
		assertThat(this.root.resolve("created-elsewhere.txt")).doesNotExist();
		assertThat(Files.isSymbolicLink(traces().resolve("linked.jsonl"))).isTrue();
	}

}
