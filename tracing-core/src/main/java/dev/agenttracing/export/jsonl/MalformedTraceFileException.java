package dev.agenttracing.export.jsonl;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A trace file line that is not a JSON object or not a trace event. Its message names the
 * file and the line number, for example {@code traces/abc.jsonl:3: malformed JSON: ...}.
 */
public class MalformedTraceFileException extends RuntimeException {

	private final Path file;

	private final long lineNumber;

	public MalformedTraceFileException(Path file, long lineNumber, String problem, @Nullable Throwable cause) {
		super(file + ":" + lineNumber + ": " + problem, cause);
		this.file = file;
		this.lineNumber = lineNumber;
	}

	/** The file. */
	public Path file() {
		return this.file;
	}

	/** The line number, counting from 1. */
	public long lineNumber() {
		return this.lineNumber;
	}

}
