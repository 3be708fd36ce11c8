package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.jsonl.JsonlRetention;

/**
 * Auto-configuration of the {@code agentTracing} health component, which shows each
 * exporter's state, with Spring Boot's health module on the class path. A user's
 * {@code agentTracingHealthIndicator} bean replaces it; off with
 * {@code tracing.enabled=false}.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public final class TracingHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "agentTracingHealthIndicator")
	@ConditionalOnBean(AgentTracer.class)
	AgentTracingHealthIndicator agentTracingHealthIndicator(ObjectProvider<AgentTracer> tracer,
			ObjectProvider<JsonlRetention> retention) {
		return new AgentTracingHealthIndicator(tracer, retention);
	}

}
