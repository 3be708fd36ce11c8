package dev.agenttracing.aop;

import java.util.ArrayList;
import java.util.List;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

/** Keeps every exported event in memory. */
class RecordingExporter implements TraceExporter {

	private final List<TraceEvent> events = new ArrayList<>();

	@Override
	public synchronized void export(List<TraceEvent> batch) {
		this.events.addAll(batch);
	}

	synchronized List<TraceEvent> events() {
		return List.copyOf(this.events);
	}

	List<String> names() {
		return events().stream().map(TraceEvent::event).toList();
	}

	<T extends TraceEvent> List<T> events(Class<T> type) {
		return events().stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends TraceEvent> T single(Class<T> type) {
		List<T> found = events(type);
		if (found.size() != 1) {
			throw new AssertionError("expected one " + type.getSimpleName() + " but got " + names());
		}
		return found.get(0);
	}

}
