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

	/**
	 * Whether this filter may keep any event named {@code eventName}, asked once per name
	 * when the tracer is built. A filter that answers {@code false} for all three tool
	 * call events ({@code ToolCallStarted}, {@code ToolCallCompleted},
	 * {@code ToolCallError}) lets a tool call cost nothing beyond noting its name in the
	 * run, when no listener follows tool calls: the call is not built at all. The
	 * default, {@code true}, shows the filter every event; {@link #byName} answers from
	 * its names.
	 * @param eventName one of {@link TraceEvent#NAMES}
	 * @return whether events of that name may pass
	 */
	default boolean mayKeep(String eventName) {
		return true;
	}

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
		return new TraceEventFilter() {

			@Override
			public boolean test(TraceEvent event) {
				return mayKeep(event.event());
			}

			@Override
			public boolean mayKeep(String eventName) {
				return (in.isEmpty() || in.contains(eventName)) && !out.contains(eventName);
			}

		};
	}

	private static void requireKnown(String name) {
		if (!TraceEvent.NAMES.contains(name)) {
			throw new IllegalArgumentException(
					"unknown event name '" + name + "', allowed values: " + String.join(", ", TraceEvent.NAMES));
		}
	}

}
