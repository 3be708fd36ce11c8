package dev.agenttracing.export.jsonl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.EventCodec;

/**
 * Reads a trace file one line at a time, so memory holds one line, never the file; a line
 * longer than {@link #MAX_LINE_LENGTH} characters is refused rather than held. Never
 * opens a file through a symbolic link. A last line without its newline that is no JSON
 * object is what a writer stopped in the middle of a line (a killed process) leaves: it
 * is skipped with a warning, the lines before it are read as usual.
 */
final class TraceFileReader implements Closeable {

	/** The longest line read: 16 Mi characters. */
	static final int MAX_LINE_LENGTH = 16 * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(TraceFiles.class);

	private final Path file;

	private final Reader reader;

	private final char[] buffer = new char[8192];

	private final StringBuilder line = new StringBuilder();

	private int position;

	private int end;

	private long number;

	private boolean unterminated;

	TraceFileReader(Path file) throws IOException {
		this.file = file;
		this.reader = new InputStreamReader(open(file), StandardCharsets.UTF_8);
	}

	/**
	 * Opens a file for reading, refusing a symbolic link.
	 * @param file the file
	 * @return its stream
	 * @throws IOException if it cannot be opened or is a symbolic link
	 */
	static InputStream open(Path file) throws IOException {
		if (Files.isSymbolicLink(file)) {
			throw new IOException("not reading " + file + ": it is a symbolic link, which trace readers never follow");
		}
		// also refused if it became a link since the check
		return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * The number of the line read last, counting from 1.
	 */
	long number() {
		return this.number;
	}

	/**
	 * The next line that is not blank, without its line end, or {@code null} at the end
	 * of the file.
	 * @throws IOException if the file cannot be read
	 * @throws MalformedTraceFileException if the line is longer than
	 * {@link #MAX_LINE_LENGTH}
	 */
	@Nullable String nextText() throws IOException {
		while (true) {
			String text = readLine();
			if (text == null || !text.isBlank()) {
				return text;
			}
		}
	}

	/**
	 * The next line that is not blank, as a JSON object, or {@code null} at the end of
	 * the file; an incomplete last line is skipped with a warning.
	 * @throws IOException if the file cannot be read
	 * @throws MalformedTraceFileException if a line is not a JSON object
	 */
	@Nullable Map<String, Object> nextLine() throws IOException {
		String text = nextText();
		if (text == null) {
			return null;
		}
		try {
			return EventCodec.readLine(text);
		}
		catch (IllegalArgumentException ex) {
			if (this.unterminated) {
				logger.warn(
						"Skipped the incomplete last line {} of {} ({} characters, no line end): the process "
								+ "writing it stopped in the middle of the line",
						this.number, this.file, text.length());
				return null;
			}
			throw new MalformedTraceFileException(this.file, this.number, String.valueOf(ex.getMessage()),
					ex.getCause());
		}
	}

	private @Nullable String readLine() throws IOException {
		this.line.setLength(0);
		boolean read = false;
		while (true) {
			if (this.position == this.end) {
				int count = this.reader.read(this.buffer);
				if (count < 0) {
					if (!read) {
						return null;
					}
					this.number++;
					this.unterminated = true;
					return this.line.toString();
				}
				this.position = 0;
				this.end = count;
			}
			read = true;
			int start = this.position;
			int newline = -1;
			for (int i = start; i < this.end; i++) {
				if (this.buffer[i] == '\n') {
					newline = i;
					break;
				}
			}
			int stop = (newline >= 0) ? newline : this.end;
			if (this.line.length() + (stop - start) > MAX_LINE_LENGTH) {
				throw new MalformedTraceFileException(this.file, this.number + 1,
						"line longer than " + MAX_LINE_LENGTH + " characters", null);
			}
			this.line.append(this.buffer, start, stop - start);
			if (newline >= 0) {
				this.position = newline + 1;
				this.number++;
				this.unterminated = false;
				int length = this.line.length();
				if (length > 0 && this.line.charAt(length - 1) == '\r') {
					this.line.setLength(length - 1);
				}
				return this.line.toString();
			}
			this.position = this.end;
		}
	}

	@Override
	public void close() throws IOException {
		this.reader.close();
	}

}
