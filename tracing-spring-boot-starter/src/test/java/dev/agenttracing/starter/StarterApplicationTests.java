package dev.agenttracing.starter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.autoconfigure.CelestoProperties;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.celesto.CelestoExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with nothing but the starter on its class path, as a user would have it.
 */
class StarterApplicationTests {

	@TempDir
	Path traces;

	@Test
	void tracesAnnotatedBeansIntoJsonlFilesWithNothingButTheStarter() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run("--tracing.jsonl.dir=" + this.traces)) {
			assertThat(context.getBeansOfType(AgentTracer.class)).hasSize(1);
			assertThat(context.getBean(Agent.class).answer("user-42", "What is 15 * 7?")).isEqualTo("105");
		}
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
	}

	@Test
	void readsTheCelestoEnvironmentVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("CELESTO_API_KEY", "cel_starter0123456789", "CELESTO_DISABLE_AUTO_TRACING", "1")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.environment(environment)
			.run("--tracing.jsonl.enabled=false")) {
			CelestoProperties celesto = context.getBean(CelestoProperties.class);
			assertThat(celesto.getApiKey()).isEqualTo("cel_starter0123456789");
			assertThat(celesto.isDisableAutoTracing()).isTrue();
			assertThat(context.getBeansOfType(CelestoExporter.class)).isEmpty();
		}
	}

	@Test
	void leavesTheTraceViewerToItsOwnOptInDependency() {
		assertThat(ClassUtils.isPresent("dev.agenttracing.viewer.TraceViewerAutoConfiguration",
				getClass().getClassLoader()))
			.as("the starter must not bring tracing-spring-boot-viewer")
			.isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

		@Bean
		Agent agent(Calculator calculator) {
			return new Agent(calculator);
		}

	}

	static class Agent {

		private final Calculator calculator;

		Agent(Calculator calculator) {
			this.calculator = calculator;
		}

		@TracedRun(value = "Math Agent", model = "gpt-5-mini")
		public String answer(@SessionId String user, String question) {
			return this.calculator.calculate("15 * 7");
		}

	}

	static class Calculator {

		@TracedTool("calculate")
		public String calculate(String expression) {
			return "105";
		}

	}

}
