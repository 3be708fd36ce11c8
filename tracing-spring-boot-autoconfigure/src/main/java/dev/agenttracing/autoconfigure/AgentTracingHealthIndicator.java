package dev.agenttracing.autoconfigure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.SpoolStats;
import dev.agenttracing.export.jsonl.JsonlRetention;

/**
 * The {@code agentTracing} health component: each exporter's counters, last success and
 * last error. It reports DOWN when an exporter's latest export failed (its last failure
 * is newer than its last success, or it failed and never succeeded): that backend is not
 * receiving traces right now. Dropped events (a full queue) show in the details but do
 * not make it DOWN. An exporter with a disk spool shows it under {@code spool} (files,
 * events, bytes, the oldest's age, dropped and corrupt files); the JSONL retention, when
 * on, shows the files and bytes it removed under {@code retention}.
 */
final class AgentTracingHealthIndicator extends AbstractHealthIndicator {

	private final ObjectProvider<AgentTracer> tracer;

	private final ObjectProvider<JsonlRetention> retention;

	AgentTracingHealthIndicator(ObjectProvider<AgentTracer> tracer) {
		this(tracer, new StaticListableBeanFactory().getBeanProvider(JsonlRetention.class));
	}

	AgentTracingHealthIndicator(ObjectProvider<AgentTracer> tracer, ObjectProvider<JsonlRetention> retention) {
		super("Agent tracing health check failed");
		this.tracer = tracer;
		this.retention = retention;
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
		JsonlRetention retention = this.retention.getIfAvailable();
		if (retention != null) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("directory", retention.directory().toString());
			details.put("filesRemoved", retention.filesRemoved());
			details.put("bytesRemoved", retention.bytesRemoved());
			builder.withDetail("retention", details);
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
		SpoolStats spool = stats.spool();
		if (spool != null) {
			Map<String, Object> spoolDetails = new LinkedHashMap<>();
			spoolDetails.put("directory", spool.directory());
			spoolDetails.put("files", spool.files());
			spoolDetails.put("events", spool.events());
			spoolDetails.put("bytes", spool.bytes());
			spoolDetails.put("oldestAgeMs", spool.oldestAgeMillis(Instant.now()));
			spoolDetails.put("spooled", spool.spooled());
			spoolDetails.put("dropped", spool.dropped());
			spoolDetails.put("corruptFiles", spool.corruptFiles());
			details.put("spool", spoolDetails);
		}
		return details;
	}

}
