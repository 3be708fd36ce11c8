package dev.agenttracing.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.TracingListener;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.JsonlRetention;

/**
 * Auto-configuration of the {@link AgentTracer}: one tracer fed to the JSONL exporter
 * (unless {@code tracing.jsonl.enabled=false}) and every {@link TraceExporter} bean, each
 * batched as it declares ({@link TraceExporter#batching()}) or else by
 * {@code tracing.batch-size} and {@code tracing.flush-interval}; events pass the
 * {@code tracing.event-filter.*} properties and every {@link TraceEventFilter} bean,
 * content the {@link ContentPolicy}; every {@link TracingListener} bean follows the runs.
 * The tracer is closed with the context, exporting everything queued within
 * {@code tracing.shutdown-timeout}. {@code tracing.enabled=false} switches it off, and
 * with it every other agent-tracing auto-configuration.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public final class TracingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TracingAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ContentPolicy tracingContentPolicy(TracingProperties properties, Environment environment) {
		return ContentPolicy.defaults()
			.withCaptureContent(properties.isCaptureContent())
			.withRedaction(properties.getRedaction().isEnabled())
			.withExtraRedactionPatterns(properties.getRedaction().getPatterns())
			.withMaxFieldLength(properties.getMaxFieldLength())
			.withRedactedLiterals(TracingSecrets.literals(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tracing.jsonl.enabled", matchIfMissing = true)
	JsonlExporter jsonlExporter(TracingProperties properties) {
		TracingProperties.Jsonl jsonl = properties.getJsonl();
		Path dir = jsonl.getDir();
		// TracingProperties rejects a missing directory when it is bound
		Assert.state(dir != null, "tracing.jsonl.dir is not set");
		JsonlExporter exporter = new JsonlExporter(dir, jsonl.isFlushEach(), jsonl.isMirrorStdout());
		// an explicit tracing.batch-size is a fixed batch for the files too, instead of
		// what is queued
		return properties.batchSizeIsSet()
				? exporter.withBatching(ExportBatching.fixed(properties.getBatchSize(), properties.getFlushInterval()))
				: exporter;
	}

	@Bean
	@ConditionalOnMissingBean
	ModelPricing tracingModelPricing(TracingProperties properties) {
		return properties.getPricing().toModelPricing();
	}

	/**
	 * Deletes the oldest JSONL files beyond {@code tracing.jsonl.retention.max-age} or
	 * {@code max-total-size}, on a daemon thread that stops with the context.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tracing.jsonl.enabled", matchIfMissing = true)
	@Conditional(OnJsonlRetentionCondition.class)
	JsonlRetention jsonlRetention(TracingProperties properties, ObjectProvider<JsonlExporter> exporter) {
		TracingProperties.Retention retention = properties.getJsonl().getRetention();
		long maxTotalBytes = (retention.getMaxTotalSize() != null) ? retention.getMaxTotalSize().toBytes() : -1;
		JsonlExporter files = exporter.getIfAvailable();
		Path dir = properties.getJsonl().getDir();
		Assert.state(dir != null, "tracing.jsonl.dir is not set");
		JsonlRetention jsonlRetention = (files != null) ? JsonlRetention.of(files, retention.getMaxAge(), maxTotalBytes)
				: new JsonlRetention(dir, retention.getMaxAge(), maxTotalBytes, Set::of, Clock.systemDefaultZone());
		jsonlRetention.start(retention.getInterval());
		return jsonlRetention;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AgentTracer agentTracer(TracingProperties properties, ContentPolicy contentPolicy, ModelPricing pricing,
			ObjectProvider<TraceExporter> exporters, ObjectProvider<TraceEventFilter> filters,
			ObjectProvider<TracingListener> listeners, ObjectProvider<AgentTracerBuilderCustomizer> customizers,
			ListableBeanFactory beanFactory) {
		AgentTracer.Builder builder = AgentTracer.builder()
			.batchSize(properties.getBatchSize())
			.flushInterval(properties.getFlushInterval())
			.queueCapacity(properties.getQueueCapacity())
			.shutdownTimeout(properties.getShutdownTimeout())
			.shutdownHook(false)
			.contentPolicy(contentPolicy)
			.pricing(pricing);
		Map<TraceExporter, String> beanNames = new IdentityHashMap<>();
		beanFactory.getBeansOfType(TraceExporter.class).forEach((name, exporter) -> beanNames.put(exporter, name));
		exporters.orderedStream().forEach((exporter) -> addExporter(builder, exporter, beanNames.get(exporter)));
		TracingProperties.EventFilter eventFilter = properties.getEventFilter();
		if (!eventFilter.getInclude().isEmpty() || !eventFilter.getExclude().isEmpty()) {
			builder.filter(TraceEventFilter.byName(eventFilter.getInclude(), eventFilter.getExclude()));
		}
		filters.orderedStream().forEach(builder::filter);
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		AgentTracer tracer = builder.build();
		logStarted(tracer);
		return tracer;
	}

	/**
	 * Adds an exporter named after its class, or after its bean when the class has no
	 * readable name; it is batched as it declares, or else as the builder's batch size
	 * and flush interval say.
	 */
	private static void addExporter(AgentTracer.Builder builder, TraceExporter exporter, @Nullable String beanName) {
		Class<?> type = exporter.getClass();
		boolean readable = !type.isAnonymousClass() && !type.isSynthetic() && !type.getSimpleName().contains("$");
		builder.exporter((readable || beanName == null) ? type.getSimpleName() : beanName, exporter);
	}

	private static void logStarted(AgentTracer tracer) {
		List<String> names = new ArrayList<>();
		String directory = "none (JSONL files off)";
		for (ExportChannel channel : tracer.channels()) {
			names.add(channel.name());
			if (channel.exporter() instanceof JsonlExporter jsonl && directory.startsWith("none")) {
				directory = jsonl.traceDir().toString();
			}
		}
		logger.info("Agent tracing started: exporters " + names + ", trace directory " + directory);
	}

}
