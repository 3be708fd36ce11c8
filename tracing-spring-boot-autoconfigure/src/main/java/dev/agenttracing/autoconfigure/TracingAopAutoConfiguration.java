package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.aop.TracingAspect;

/**
 * Auto-configuration that traces {@code @TracedRun}, {@code @TracedTool} and
 * {@code @TracedModelCall} methods of Spring beans through Spring AOP proxies, with a
 * {@link TracingAdvisor} (no AspectJ needed). A user's {@link TracingAdvisor} or
 * {@link TracingAspect} bean replaces it; {@code tracing.enabled=false} switches it off.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.aop.support.AbstractPointcutAdvisor")
public final class TracingAopAutoConfiguration {

	/**
	 * An infrastructure bean, so that Spring Boot's auto-proxy creator applies it with or
	 * without AspectJ; the tracer is obtained at the first traced call, not while the
	 * advisors are collected.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(value = TracingAdvisor.class, type = "dev.agenttracing.aop.TracingAspect")
	static TracingAdvisor tracingAdvisor(ObjectProvider<AgentTracer> tracer) {
		return new TracingAdvisor(tracer::getObject);
	}

}
