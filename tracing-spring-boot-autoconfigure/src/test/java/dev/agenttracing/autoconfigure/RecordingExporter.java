package dev.agenttracing.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

/** Keeps every exported event in memory and remembers whether it was shut down. */
class RecordingExporter implements TraceExporter {

	private final List<TraceEvent> events = new ArrayList<>();

	private volatile boolean shutDown;

	@Override
	public synchronized void export(List<TraceEvent> batch) {
		this.events.addAll(batch);
	}

	@Override
	public void shutdown() {
		this.shutDown = true;
	}

	synchronized List<TraceEvent> events() {
		return List.copyOf(this.events);
	}

	List<String> names() {
		return events().stream().map(TraceEvent::event).toList();
	}

	boolean isShutDown() {
		return this.shutDown;
	}

}
