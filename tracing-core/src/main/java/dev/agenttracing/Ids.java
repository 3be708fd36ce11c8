package dev.agenttracing;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Id formats: {@code trace_} + 32 hex, {@code span_} + 24 hex, as Celesto's ingest requires. */
final class Ids {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Ids() {
	}

	static String traceId() {
		return hex("trace_", 32);
	}

	static String spanId() {
		return hex("span_", 24);
	}

	static String toolCallId() {
		return hex("call_", 24);
	}

	static String runId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
				random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
	}

	private static String hex(String prefix, int digits) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] chars = new char[prefix.length() + digits];
		prefix.getChars(0, prefix.length(), chars, 0);
		long bits = 0;
		for (int i = 0; i < digits; i++) {
			if ((i & 15) == 0) {
				bits = random.nextLong();
			}
			chars[prefix.length() + i] = HEX[(int) (bits & 15)];
			bits >>>= 4;
		}
		return new String(chars);
	}

}
