package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.TracingListener;
import dev.agenttracing.aop.TracingAspect;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.celesto.CelestoExporter;
import dev.agenttracing.export.jsonl.JsonlExporter;

/**
 * Auto-configuration of agent tracing: one {@link AgentTracer} fed to the JSONL exporter (unless
 * {@code tracing.jsonl.enabled=false}), the Celesto exporter (when an API key is set) and every
 * {@link TraceExporter} bean; events pass the {@code tracing.event-filter.*} properties and every
 * {@link TraceEventFilter} bean; every {@link TracingListener} bean follows the runs. The tracer is closed with the context, exporting everything queued
 * within {@code tracing.shutdown-timeout}. A {@link TracingAdvisor} traces {@code @TracedRun},
 * {@code @TracedTool} and {@code @TracedModelCall} methods of Spring beans. {@code tracing.enabled=false} switches
 * all of it off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ TracingProperties.class, CelestoProperties.class })
public final class TracingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TracingAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ContentPolicy tracingContentPolicy(TracingProperties properties) {
		return ContentPolicy.defaults()
			.withCaptureContent(properties.isCaptureContent())
			.withRedaction(properties.getRedaction().isEnabled())
			.withExtraRedactionPatterns(properties.getRedaction().getPatterns())
			.withMaxFieldLength(properties.getMaxFieldLength());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tracing.jsonl.enabled", matchIfMissing = true)
	JsonlExporter jsonlExporter(TracingProperties properties) {
		TracingProperties.Jsonl jsonl = properties.getJsonl();
		return new JsonlExporter(jsonl.getDir(), jsonl.isFlushEach(), jsonl.isMirrorStdout());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AgentTracer agentTracer(TracingProperties properties, ContentPolicy contentPolicy,
			ObjectProvider<TraceExporter> exporters, ObjectProvider<TraceEventFilter> filters,
			ObjectProvider<TracingListener> listeners, ObjectProvider<AgentTracerBuilderCustomizer> customizers,
			ListableBeanFactory beanFactory) {
		AgentTracer.Builder builder = AgentTracer.builder()
			.batchSize(properties.getBatchSize())
			.flushInterval(properties.getFlushInterval())
			.queueCapacity(properties.getQueueCapacity())
			.shutdownTimeout(properties.getShutdownTimeout())
			.shutdownHook(false)
			.contentPolicy(contentPolicy);
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

	/** Adds an exporter named after its class, or after its bean when the class has no readable name. */
	private static void addExporter(AgentTracer.Builder builder, TraceExporter exporter, @Nullable String beanName) {
		if (exporter instanceof CelestoExporter celesto) {
			// Celesto batches on its own channel: celesto.max-batch-size items or celesto.batch-delay
			builder.exporter("CelestoExporter", celesto, celesto.maxBatchSize(), celesto.batchDelay());
			return;
		}
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

	/**
	 * Traces {@code @TracedRun}, {@code @TracedTool} and {@code @TracedModelCall} methods of Spring beans
	 * through Spring AOP proxies, with an advisor (no AspectJ needed). A user's {@link TracingAdvisor}
	 * or {@link TracingAspect} bean replaces it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.aop.support.AbstractPointcutAdvisor")
	static class TracingAdvisorConfiguration {

		/**
		 * An infrastructure bean, so that Spring Boot's auto-proxy creator applies it with or without
		 * AspectJ; the tracer is obtained at the first traced call, not while the advisors are collected.
		 */
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean(value = TracingAdvisor.class, type = "dev.agenttracing.aop.TracingAspect")
		static TracingAdvisor tracingAdvisor(ObjectProvider<AgentTracer> tracer) {
			return new TracingAdvisor(tracer::getObject);
		}

	}

	/**
	 * Sends traces to Celesto when {@code celesto.api-key} (or {@code CELESTO_API_KEY}) is set and
	 * automatic tracing is not disabled. A user's own {@code CelestoExporter} bean replaces this one.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnCelestoAutoTracingCondition.class)
	static class CelestoExporterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CelestoExporter celestoExporter(CelestoProperties properties) {
			return CelestoExporter.builder()
				.baseUrl(URI.create(properties.getBaseUrl()))
				.token(properties.getApiKey())
				.batchDelay(properties.getBatchDelay())
				.maxBatchSize(properties.getMaxBatchSize())
				.timeout(properties.getTimeout())
				.build();
		}

	}

}
