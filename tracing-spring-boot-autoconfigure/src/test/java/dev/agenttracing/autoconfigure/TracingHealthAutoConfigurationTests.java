package dev.agenttracing.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;

class TracingHealthAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TracingHealthAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void createsTheHealthIndicatorWithATracer() {
		runner().run((context) -> assertThat(context).hasSingleBean(AgentTracingHealthIndicator.class)
			.hasBean("agentTracingHealthIndicator"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracingHealthIndicator.class));
	}

	@Test
	void backsOffFromAUserBeanOfTheSameName() {
		AgentTracingHealthIndicator own = new AgentTracingHealthIndicator(
				new StaticListableBeanFactory().getBeanProvider(AgentTracer.class));
		runner().withBean("agentTracingHealthIndicator", AgentTracingHealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).getBean(AgentTracingHealthIndicator.class).isSameAs(own));
	}

	@Test
	void isOffWhenTracingIsDisabled() {
		runner().withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracingHealthIndicator.class));
	}

	@Test
	void needsSpringBootsHealthModule() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(AgentTracingHealthIndicator.class));
	}

}
