package dev.agenttracing.autoconfigure.springai;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.autoconfigure.TracingProperties;

/**
 * Records Spring AI 2.0 inside traced runs, with Spring AI's own extension points and no
 * proxy around the application's model: every call a {@code ChatClient} makes to its
 * {@code ChatModel} becomes a model call with the usage the model reports (an advisor
 * after the tool-calling loop); every tool Spring AI runs becomes a tool call with the
 * model's call id (a decorated {@code ToolCallingManager}); a streamed response becomes
 * {@code RunContent} chunks and {@code RunContentCompleted} (an advisor before the loop).
 * A {@code ChatClient} call made outside any run is a run of its own (agent name
 * {@code tracing.spring-ai.agent-name}, by default the application's name) unless
 * {@code tracing.spring-ai.auto-runs=false}; inside a run it is part of that run. In a
 * tracing backend each call is one span: Spring AI's own observations of what a run
 * records are left out (an {@code ObservationPredicate} bean) unless
 * {@code tracing.spring-ai.keep-spring-ai-spans=true}. Active when Spring AI is on the
 * class path and tracing is on; {@code tracing.spring-ai.enabled=false} switches it off.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.ai.chat.model.ChatModel")
@ConditionalOnBean(AgentTracer.class)
@ConditionalOnBooleanProperty(name = "tracing.spring-ai.enabled", matchIfMissing = true)
public final class SpringAiTracingAutoConfiguration {

	/**
	 * The agent name of automatic runs in an application without
	 * {@code spring.application.name}.
	 */
	static final String DEFAULT_AGENT_NAME = "Spring AI Agent";

	/**
	 * Wraps the application's {@code ToolCallingManager} beans so that the tools they run
	 * are recorded.
	 */
	@Bean
	static BeanPostProcessor agentTracingToolCallingManagerPostProcessor(Environment environment) {
		return new ToolCallingManagerPostProcessor(
				environment.getProperty("tracing.mcp.enabled", Boolean.class, Boolean.TRUE));
	}

	/**
	 * One span per call in a tracing backend: the tracing advisors open no observations,
	 * and Spring AI's observations of what traced runs record themselves are left out,
	 * unless {@code tracing.spring-ai.keep-spring-ai-spans=true} or the runs make no
	 * observations ({@code tracing.observations.enabled=false}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.observation.ObservationPredicate",
			"org.springframework.ai.chat.client.ChatClient" })
	static class SpringAiObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingSpringAiObservationPredicate")
		ObservationPredicate agentTracingSpringAiObservationPredicate(TracingProperties properties,
				Environment environment) {
			boolean observations = environment.getProperty("tracing.observations.enabled", Boolean.class, true);
			return new SpringAiObservationPredicate(properties.getSpringAi().isKeepSpringAiSpans() || !observations);
		}

	}

	/**
	 * Adds the tracing advisors to every {@code ChatClient.Builder} Spring AI's
	 * auto-configuration makes.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.chat.client.ChatClient")
	static class ChatClientTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingChatClientCustomizer")
		ChatClientBuilderCustomizer agentTracingChatClientCustomizer(AgentTracer tracer, TracingProperties properties,
				Environment environment) {
			TracingProperties.SpringAi springAi = properties.getSpringAi();
			if (!springAi.isAutoRuns()) {
				return SpringAiTracingAutoConfiguration::addAdvisors;
			}
			// the default names the application, resolved here since no binding did it
			String agentName = environment.resolvePlaceholders(springAi.getAgentName());
			if (!StringUtils.hasText(agentName)) {
				agentName = DEFAULT_AGENT_NAME;
			}
			AutoRunAdvisor autoRuns = new AutoRunAdvisor(tracer, agentName);
			return (builder) -> addAdvisors(builder).defaultAdvisors(autoRuns);
		}

	}

	/**
	 * Adds the advisors that record model calls and streamed content to a
	 * {@code ChatClient.Builder}: for a builder made by hand rather than injected.
	 * <pre>{@code
	 * ChatClient client = SpringAiTracingAutoConfiguration.addAdvisors(ChatClient.builder(chatModel)).build();
	 * }</pre>
	 * @param builder the builder
	 * @return the same builder
	 */
	public static ChatClient.Builder addAdvisors(ChatClient.Builder builder) {
		return builder.defaultAdvisors(new StreamContentAdvisor(), new ModelCallAdvisor());
	}

	/** Decorates {@link ToolCallingManager} beans; the decorator is package-private. */
	static final class ToolCallingManagerPostProcessor implements BeanPostProcessor {

		private final boolean mcp;

		ToolCallingManagerPostProcessor(boolean mcp) {
			this.mcp = mcp;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof ToolCallingManager manager && !(bean instanceof TracingToolCallingManager)) {
				return new TracingToolCallingManager(manager, this.mcp);
			}
			return bean;
		}

	}

}
