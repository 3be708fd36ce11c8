package dev.agenttracing.autoconfigure;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.SpoolStats;
import dev.agenttracing.export.jsonl.JsonlRetention;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Each exporter's counters as meters: {@code agent.tracing.events} (a counter tagged
 * {@code exporter} and {@code result}: {@code accepted}, {@code exported},
 * {@code dropped}, {@code failed}) and {@code agent.tracing.queue.size} (a gauge tagged
 * {@code exporter}). An exporter with a disk spool adds, tagged {@code exporter}, the
 * gauges {@code agent.tracing.spool.events}, {@code agent.tracing.spool.bytes} and
 * {@code agent.tracing.spool.oldest.age} (seconds) and the counter
 * {@code agent.tracing.spool.dropped} (events dropped to stay within its size); the JSONL
 * retention, when on, the counter {@code agent.tracing.retention.files.removed}.
 */
final class AgentTracingMeterBinder implements MeterBinder {

	private final ObjectProvider<AgentTracer> tracer;

	private final ObjectProvider<JsonlRetention> retention;

	AgentTracingMeterBinder(ObjectProvider<AgentTracer> tracer) {
		this(tracer, new StaticListableBeanFactory().getBeanProvider(JsonlRetention.class));
	}

	AgentTracingMeterBinder(ObjectProvider<AgentTracer> tracer, ObjectProvider<JsonlRetention> retention) {
		this.tracer = tracer;
		this.retention = retention;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		JsonlRetention retention = this.retention.getIfAvailable();
		if (retention != null) {
			FunctionCounter.builder("agent.tracing.retention.files.removed", retention, JsonlRetention::filesRemoved)
				.description("JSONL session files deleted by the retention")
				.register(registry);
		}
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
			if (channel.stats().spool() != null) {
				spoolMeters(registry, channel);
			}
		}
	}

	private static void spoolMeters(MeterRegistry registry, ExportChannel channel) {
		Gauge.builder("agent.tracing.spool.events", channel, (c) -> spool(c).events())
			.description("Events waiting in the exporter's disk spool")
			.tag("exporter", channel.name())
			.register(registry);
		Gauge.builder("agent.tracing.spool.bytes", channel, (c) -> spool(c).bytes())
			.description("Bytes of the exporter's disk spool")
			.baseUnit("bytes")
			.tag("exporter", channel.name())
			.register(registry);
		TimeGauge
			.builder("agent.tracing.spool.oldest.age", channel, TimeUnit.MILLISECONDS,
					(c) -> spool(c).oldestAgeMillis(Instant.now()))
			.description("How long the oldest batch of the exporter's disk spool has waited")
			.tag("exporter", channel.name())
			.register(registry);
		FunctionCounter.builder("agent.tracing.spool.dropped", channel, (c) -> spool(c).dropped())
			.description("Events dropped from the exporter's disk spool to stay within its size")
			.tag("exporter", channel.name())
			.register(registry);
	}

	private static SpoolStats spool(ExportChannel channel) {
		SpoolStats spool = channel.stats().spool();
		return (spool != null) ? spool : new SpoolStats("", 0, 0, 0, null, 0, 0, 0);
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
