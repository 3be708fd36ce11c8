package dev.agenttracing.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

/**
 * Real events to export: those of one run holding one tool call, as the tracer builds
 * them.
 */
final class SampleEvents {

	private SampleEvents() {
	}

	/**
	 * The four events of one run with one tool call: RunStarted, ToolCallStarted,
	 * ToolCallCompleted, RunCompleted.
	 */
	static List<TraceEvent> oneRun() {
		List<TraceEvent> events = new ArrayList<>();
		TraceExporter collector = (batch) -> {
			synchronized (events) {
				events.addAll(batch);
			}
		};
		AgentTracer tracer = AgentTracer.builder().exporter(collector).build();
		try {
			AgentRun run = tracer.newRun("Support Agent")
				.model("gpt-5-mini")
				.sessionId("user-42")
				.input("Where is my order order-12345? It should have arrived on Monday.")
				.start();
			ToolCall call = run.startTool(OrderTools.TOOL_NAME, Map.of("orderId", "order-12345", "quantity", 2));
			String result = new OrderTools().lookupOrder("order-12345", 2);
			call.complete(result);
			run.complete("Your order order-12345 shipped yesterday; 2 items are on their way.");
		}
		finally {
			tracer.shutdown(Duration.ofSeconds(5));
		}
		synchronized (events) {
			if (events.size() != 4) {
				throw new IllegalStateException("expected the 4 events of one run but got " + events);
			}
			return List.copyOf(events);
		}
	}

	/** {@code count} events, repeating those of {@link #oneRun()}. */
	static TraceEvent[] repeated(int count) {
		List<TraceEvent> run = oneRun();
		TraceEvent[] events = new TraceEvent[count];
		for (int i = 0; i < count; i++) {
			events[i] = run.get(i % run.size());
		}
		return events;
	}

}
