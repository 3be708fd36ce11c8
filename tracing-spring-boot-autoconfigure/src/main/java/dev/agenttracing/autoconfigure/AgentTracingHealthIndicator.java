package dev.agenttracing.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExporterStats;

/**
 * The {@code agentTracing} health component: each exporter's counters, last success and
 * last error. It reports DOWN when an exporter's latest export failed (its last failure
 * is newer than its last success, or it failed and never succeeded): that backend is not
 * receiving traces right now. Dropped events (a full queue) show in the details but do
 * not make it DOWN.
 */
final class AgentTracingHealthIndicator extends AbstractHealthIndicator {

	private final ObjectProvider<AgentTracer> tracer;

	AgentTracingHealthIndicator(ObjectProvider<AgentTracer> tracer) {
		super("Agent tracing health check failed");
		this.tracer = tracer;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		AgentTracer tracer = this.tracer.getIfAvailable();
		if (tracer == null) {
			builder.unknown();
			return;
		}
		boolean failing = false;
		for (ExporterStats stats : tracer.stats().values()) {
			boolean exporterFailing = isFailing(stats);
			failing |= exporterFailing;
			builder.withDetail(stats.exporter(), details(stats, exporterFailing));
		}
		if (failing) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

	static boolean isFailing(ExporterStats stats) {
		if (stats.lastFailure() == null) {
			return false;
		}
		return stats.lastSuccess() == null || stats.lastFailure().isAfter(stats.lastSuccess());
	}

	private static Map<String, Object> details(ExporterStats stats, boolean failing) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", failing ? "DOWN" : "UP");
		details.put("accepted", stats.accepted());
		details.put("exported", stats.exported());
		details.put("dropped", stats.dropped());
		details.put("failed", stats.failed());
		details.put("queued", stats.queued());
		if (stats.lastSuccess() != null) {
			details.put("lastSuccess", stats.lastSuccess().toString());
		}
		if (stats.lastFailure() != null) {
			details.put("lastFailure", stats.lastFailure().toString());
		}
		if (stats.lastError() != null) {
			details.put("lastError", stats.lastError());
		}
		return details;
	}

}
