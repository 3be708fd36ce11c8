package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.jsonl.JsonlRetention;
import dev.agenttracing.micrometer.ModelCallMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

/**
 * Auto-configuration of agent tracing's meters: each exporter's counters
 * ({@link AgentTracingMeterBinder}) and, from the model-call observations, the GenAI
 * client metrics ({@code gen_ai.client.operation.duration},
 * {@code gen_ai.client.token.usage}). Needs Micrometer's core; off with
 * {@code tracing.enabled=false}.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterBinder.class)
public final class TracingMetricsAutoConfiguration {

	/** Each exporter's counters as meters. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AgentTracer.class)
	AgentTracingMeterBinder agentTracingMeterBinder(ObjectProvider<AgentTracer> tracer,
			ObjectProvider<JsonlRetention> retention) {
		return new AgentTracingMeterBinder(tracer, retention);
	}

	/**
	 * The GenAI client metrics of model calls. Spring AI records the same metrics from
	 * its own chat observations, so with Spring AI on the class path this handler stays
	 * out of the way; off with {@code tracing.observations.enabled=false} as well.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean({ ObservationRegistry.class, MeterRegistry.class })
	@ConditionalOnMissingClass("org.springframework.ai.chat.observation.ChatModelMeterObservationHandler")
	@ConditionalOnBooleanProperty(name = "tracing.observations.enabled", matchIfMissing = true)
	static class ModelCallMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ModelCallMeterObservationHandler modelCallMeterObservationHandler(MeterRegistry meterRegistry) {
			return new ModelCallMeterObservationHandler(meterRegistry);
		}

	}

}
