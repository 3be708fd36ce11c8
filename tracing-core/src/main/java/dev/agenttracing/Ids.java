package dev.agenttracing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Id formats: {@code trace_} + 32 hex, {@code span_} + 24 hex, as Celesto's ingest
 * requires.
 */
final class Ids {

	private static final byte[] TRACE = "trace_".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] SPAN = "span_".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] CALL = "call_".getBytes(StandardCharsets.ISO_8859_1);

	/** The two hex digits of each byte value. */
	private static final byte[] HEX_PAIRS = new byte[512];

	static {
		byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
		for (int b = 0; b < 256; b++) {
			HEX_PAIRS[2 * b] = hex[b >>> 4];
			HEX_PAIRS[2 * b + 1] = hex[b & 15];
		}
	}

	private Ids() {
	}

	static String traceId() {
		return hex(TRACE, 32);
	}

	static String spanId() {
		return hex(SPAN, 24);
	}

	/**
	 * A span id and the id of the tool call of that span, from the same 24 random hex
	 * digits: {@code span_...} and {@code call_...}.
	 */
	static String[] spanAndToolCallIds() {
		byte[] bytes = digits(SPAN, 24);
		String spanId = new String(bytes, StandardCharsets.ISO_8859_1);
		System.arraycopy(CALL, 0, bytes, 0, CALL.length);
		return new String[] { spanId, new String(bytes, StandardCharsets.ISO_8859_1) };
	}

	static String runId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
				random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L)
			.toString();
	}

	/** The prefix and {@code digits} (even) random hex digits, as a string. */
	private static String hex(byte[] prefix, int digits) {
		return new String(digits(prefix, digits), StandardCharsets.ISO_8859_1);
	}

	/**
	 * The prefix and {@code digits} (even) random hex digits, as Latin-1 bytes: one copy
	 * into a string.
	 */
	private static byte[] digits(byte[] prefix, int digits) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bytes = Arrays.copyOf(prefix, prefix.length + digits);
		long bits = 0;
		for (int i = prefix.length, n = 0; i < bytes.length; i += 2, n++) {
			if ((n & 7) == 0) {
				bits = random.nextLong();
			}
			int pair = ((int) bits & 0xff) << 1;
			bytes[i] = HEX_PAIRS[pair];
			bytes[i + 1] = HEX_PAIRS[pair + 1];
			bits >>>= 8;
		}
		return bytes;
	}

}
