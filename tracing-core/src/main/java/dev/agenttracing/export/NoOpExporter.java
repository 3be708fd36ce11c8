package dev.agenttracing.export;

import java.util.List;

import dev.agenttracing.event.TraceEvent;

/**
 * Discards every event: for tests that want tracing on without any output.
 *
 * <pre>{@code
 * AgentTracer tracer = AgentTracer.builder().exporter(new NoOpExporter()).build();
 * }</pre>
 */
public final class NoOpExporter implements TraceExporter {

	@Override
	public void export(List<TraceEvent> events) {
	}

	@Override
	public String toString() {
		return "NoOpExporter";
	}

}
