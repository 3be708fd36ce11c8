package dev.agenttracing.autoconfigure;

import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.ObjectProvider;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Each exporter's counters as meters: {@code agent.tracing.events} (a counter tagged
 * {@code exporter} and {@code result}: {@code accepted}, {@code exported},
 * {@code dropped}, {@code failed}) and {@code agent.tracing.queue.size} (a gauge tagged
 * {@code exporter}).
 */
final class AgentTracingMeterBinder implements MeterBinder {

	private final ObjectProvider<AgentTracer> tracer;

	AgentTracingMeterBinder(ObjectProvider<AgentTracer> tracer) {
		this.tracer = tracer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		AgentTracer tracer = this.tracer.getIfAvailable();
		if (tracer == null) {
			return;
		}
		for (ExportChannel channel : tracer.channels()) {
			counter(registry, channel, "accepted", ExporterStats::accepted);
			counter(registry, channel, "exported", ExporterStats::exported);
			counter(registry, channel, "dropped", ExporterStats::dropped);
			counter(registry, channel, "failed", ExporterStats::failed);
			Gauge.builder("agent.tracing.queue.size", channel, (c) -> c.stats().queued())
				.description("Events waiting in the exporter's queue")
				.tag("exporter", channel.name())
				.register(registry);
		}
	}

	private static void counter(MeterRegistry registry, ExportChannel channel, String result,
			ToDoubleFunction<ExporterStats> value) {
		FunctionCounter.builder("agent.tracing.events", channel, (c) -> value.applyAsDouble(c.stats()))
			.description("Trace events per exporter and result")
			.tag("exporter", channel.name())
			.tag("result", result)
			.register(registry);
	}

}
