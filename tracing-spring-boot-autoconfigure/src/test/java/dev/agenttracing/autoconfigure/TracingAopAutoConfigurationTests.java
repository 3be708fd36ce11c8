package dev.agenttracing.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.aop.TracingAspect;

import static org.assertj.core.api.Assertions.assertThat;

class TracingAopAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingAopAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void createsAnInfrastructureAdvisorByDefault() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(TracingAdvisor.class).doesNotHaveBean(TracingAspect.class);
			assertThat(context.getBeanFactory().getBeanDefinition("tracingAdvisor").getRole())
				.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		});
	}

	@Test
	void backsOffFromAUserAdvisorOrAspect() {
		TracingAdvisor advisor = new TracingAdvisor(AgentTracer.builder().build());
		runner().withBean("myAdvisor", TracingAdvisor.class, () -> advisor)
			.run((context) -> assertThat(context).getBean(TracingAdvisor.class).isSameAs(advisor));
		runner().withBean("myAspect", TracingAspect.class, () -> new TracingAspect(AgentTracer.builder().build()))
			.run((context) -> assertThat(context).hasSingleBean(TracingAspect.class)
				.doesNotHaveBean(TracingAdvisor.class));
	}

	@Test
	void isOffWhenTracingIsDisabled() {
		runner().withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TracingAdvisor.class));
	}

	@Test
	void needsSpringAopButNotAspectJ() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.aop.support"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TracingAdvisor.class)
				.hasSingleBean(AgentTracer.class));
		runner().withClassLoader(new FilteredClassLoader("org.aspectj"))
			.run((context) -> assertThat(context).hasSingleBean(TracingAdvisor.class));
	}

}
