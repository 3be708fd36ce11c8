package dev.agenttracing.export;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

import dev.agenttracing.event.TraceEvent;

/**
 * Decides which events are exported: {@code true} keeps the event. Filters run on the
 * calling thread, so keep them cheap; a filter that throws keeps the event. A filter sees
 * the event before its content is redacted and truncated, so that a dropped event costs
 * nothing more: decide on its kind, names and ids ({@link TraceEvent#event()},
 * {@link TraceEvent#agentName()}, a tool's name), not on its content, and never export it
 * from the filter.
 *
 * <pre>{@code
 * TraceEventFilter noChunks = event -> !(event.event().equals("RunContent"));
 * }</pre>
 */
@FunctionalInterface
public interface TraceEventFilter extends Predicate<TraceEvent> {

	/** A filter that keeps every event. */
	static TraceEventFilter all() {
		return event -> true;
	}

	/**
	 * A filter by event name, as in {@code tracing.event-filter.include/exclude}.
	 * @param include the names to keep; empty keeps all
	 * @param exclude the names to drop
	 * @return the filter
	 * @throws IllegalArgumentException naming an unknown event name
	 */
	static TraceEventFilter byName(Collection<String> include, Collection<String> exclude) {
		for (String name : include) {
			requireKnown(name);
		}
		for (String name : exclude) {
			requireKnown(name);
		}
		Set<String> in = Set.copyOf(include);
		Set<String> out = Set.copyOf(exclude);
		return event -> (in.isEmpty() || in.contains(event.event())) && !out.contains(event.event());
	}

	private static void requireKnown(String name) {
		if (!TraceEvent.NAMES.contains(name)) {
			throw new IllegalArgumentException(
					"unknown event name '" + name + "', allowed values: " + String.join(", ", TraceEvent.NAMES));
		}
	}

}
