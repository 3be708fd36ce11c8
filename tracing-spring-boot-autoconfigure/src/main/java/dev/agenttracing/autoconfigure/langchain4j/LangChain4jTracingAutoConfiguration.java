package dev.agenttracing.autoconfigure.langchain4j;

import java.lang.reflect.Proxy;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.target.SingletonTargetSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;

/**
 * Records LangChain4j's AI services with no annotation: every AI service bean is traced
 * ({@link LangChain4jTracing}), so each call is a run when no run is current and part of
 * the current run otherwise, with its model calls, tool calls and streamed content.
 * Active when LangChain4j's {@code AiServices} is on the class path and tracing is on;
 * {@code tracing.langchain4j.enabled=false} switches it off.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(name = "dev.langchain4j.service.AiServices")
@ConditionalOnBean(AgentTracer.class)
@ConditionalOnBooleanProperty(name = "tracing.langchain4j.enabled", matchIfMissing = true)
public final class LangChain4jTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangChain4jTracing langChain4jTracing(AgentTracer tracer) {
		return new LangChain4jTracing(tracer);
	}

	/**
	 * Traces the application's AI service beans, also inside a Spring AOP proxy made
	 * around one.
	 */
	@Bean
	static BeanPostProcessor agentTracingAiServicePostProcessor(ObjectProvider<LangChain4jTracing> tracing) {
		return new AiServicePostProcessor(tracing);
	}

	/**
	 * Replaces each AI service bean ({@code AiServices} builds a JDK proxy of its
	 * interface) with its traced proxy, of the same interfaces.
	 */
	static final class AiServicePostProcessor implements BeanPostProcessor, Ordered {

		private final ObjectProvider<LangChain4jTracing> tracing;

		AiServicePostProcessor(ObjectProvider<LangChain4jTracing> tracing) {
			this.tracing = tracing;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof Advised advised) {
				// a Spring AOP proxy made first (the auto-proxy creator is ordered first
				// too): trace the service inside it
				if (!advised.isFrozen() && advised.getTargetSource() instanceof SingletonTargetSource source) {
					Object target = source.getTarget();
					if (isUntracedAiService(target)) {
						advised.setTargetSource(new SingletonTargetSource(trace(target)));
					}
				}
				return bean;
			}
			return isUntracedAiService(bean) ? trace(bean) : bean;
		}

		private static boolean isUntracedAiService(Object bean) {
			return Proxy.isProxyClass(bean.getClass()) && !TracedAiService.isTraced(bean)
					&& AiServiceContexts.of(bean) != null;
		}

		private Object trace(Object service) {
			LangChain4jTracing tracing = this.tracing.getIfAvailable();
			return (tracing != null) ? tracing.trace(service) : service;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
