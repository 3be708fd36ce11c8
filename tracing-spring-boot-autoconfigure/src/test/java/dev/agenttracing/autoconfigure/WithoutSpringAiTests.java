package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.autoconfigure.springai.SpringAiTracingAutoConfiguration;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** An application without Spring AI on its class path starts and traces as before. */
class WithoutSpringAiTests {

	@TempDir
	Path traces;

	@Test
	void startsWithoutTheSpringAiIntegrationAndTracesAnnotatedRunsToolsAndModelCalls() throws IOException {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TracingAutoConfiguration.class,
					TracingAopAutoConfiguration.class, SpringAiTracingAutoConfiguration.class))
			.withUserConfiguration(PlainAgentConfiguration.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(AgentTracer.class)
					.doesNotHaveBean(SpringAiTracingAutoConfiguration.class)
					.doesNotHaveBean("agentTracingChatClientCustomizer")
					.doesNotHaveBean("agentTracingToolCallingManagerPostProcessor");
				assertThat(context.getBean(PlainAgent.class).answer("user-1", "Where is ticket 7?"))
					.isEqualTo("summary of ticket 7");
				context.close();
			});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-1.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		assertThat(((ModelCallCompleted) events.get(4)).usage()).isEqualTo(TokenUsage.of(30, 7));
		assertThat(((RunCompleted) events.get(5)).metrics().usage()).isEqualTo(TokenUsage.of(30, 7));
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainAgentConfiguration {

		@Bean
		PlainTools plainTools() {
			return new PlainTools();
		}

		@Bean
		PlainAgent plainAgent(PlainTools tools) {
			return new PlainAgent(tools);
		}

	}

	public static class PlainTools {

		@TracedTool("lookup_ticket")
		public String lookup(int id) {
			return "ticket " + id;
		}

		@TracedModelCall(model = "rules-1", provider = "local")
		public String summarize(String text) {
			AgentTracer.currentModelCall().usage(TokenUsage.of(30, 7));
			return "summary of " + text;
		}

	}

	public static class PlainAgent {

		private final PlainTools tools;

		PlainAgent(PlainTools tools) {
			this.tools = tools;
		}

		@TracedRun("Plain Agent")
		public String answer(@SessionId String user, String question) {
			return this.tools.summarize(this.tools.lookup(7));
		}

	}

}
