package dev.agenttracing.autoconfigure.langchain4j;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.autoconfigure.TracingProperties;

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
	LangChain4jTracing langChain4jTracing(AgentTracer tracer, TracingProperties properties) {
		return new LangChain4jTracing(tracer, properties.getLangchain4j().getAgentNames());
	}

	/** Traces the application's AI service beans. */
	@Bean
	static BeanPostProcessor agentTracingAiServicePostProcessor(ObjectProvider<LangChain4jTracing> tracing) {
		return new AiServicePostProcessor(tracing);
	}

	/**
	 * Replaces each AI service bean ({@code AiServices} builds a JDK proxy of its
	 * interface) with its traced proxy, of the same interfaces.
	 */
	static final class AiServicePostProcessor implements BeanPostProcessor {

		private final ObjectProvider<LangChain4jTracing> tracing;

		AiServicePostProcessor(ObjectProvider<LangChain4jTracing> tracing) {
			this.tracing = tracing;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!java.lang.reflect.Proxy.isProxyClass(bean.getClass()) || TracedAiService.isTraced(bean)
					|| AiServiceContexts.of(bean) == null) {
				return bean;
			}
			LangChain4jTracing tracing = this.tracing.getIfAvailable();
			return (tracing != null) ? tracing.trace(bean) : bean;
		}

	}

}
