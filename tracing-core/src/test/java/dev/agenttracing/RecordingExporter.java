package dev.agenttracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

/** Keeps every batch it receives, for assertions. */
public class RecordingExporter implements TraceExporter {

	private final List<List<TraceEvent>> batches = new ArrayList<>();

	@Override
	public synchronized void export(List<TraceEvent> events) {
		this.batches.add(List.copyOf(events));
		notifyAll();
	}

	public synchronized List<List<TraceEvent>> batches() {
		return List.copyOf(this.batches);
	}

	public synchronized List<TraceEvent> events() {
		return this.batches.stream().flatMap(List::stream).toList();
	}

	/**
	 * Waits until at least {@code count} events arrived, at most {@code timeout}; returns
	 * the events.
	 */
	public synchronized List<TraceEvent> awaitEvents(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (events().size() < count) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return events();
	}

}
