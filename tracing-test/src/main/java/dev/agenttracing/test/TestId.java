package dev.agenttracing.test;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One running test, as {@link TraceCapture#beginTest(String)} started it: the runs it
 * starts belong to it. Compared by identity.
 */
public final class TestId {

	private static final AtomicLong counter = new AtomicLong();

	private final long number = counter.incrementAndGet();

	private final String name;

	private volatile boolean ended;

	TestId(String name) {
		this.name = name;
	}

	/** The test's name, as given when it began. */
	public String name() {
		return this.name;
	}

	boolean isEnded() {
		return this.ended;
	}

	void end() {
		this.ended = true;
	}

	@Override
	public String toString() {
		return "test " + this.number + " (" + this.name + ")";
	}

}
