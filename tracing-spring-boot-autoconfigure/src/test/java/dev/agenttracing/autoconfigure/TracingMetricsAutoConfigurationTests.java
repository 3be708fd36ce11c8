package dev.agenttracing.autoconfigure;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.micrometer.ModelCallMeterObservationHandler;

import static org.assertj.core.api.Assertions.assertThat;

class TracingMetricsAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TracingMetricsAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces)
			.withClassLoader(new FilteredClassLoader("org.springframework.ai"));
	}

	private ApplicationContextRunner withRegistries() {
		return runner().withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
	}

	@Test
	void bindsTheExporterCountersAndRecordsModelCallMetricsByDefault() {
		withRegistries().run((context) -> assertThat(context).hasSingleBean(AgentTracingMeterBinder.class)
			.hasSingleBean(ModelCallMeterObservationHandler.class));
	}

	@Test
	void needsATracerForTheBinderAndBothRegistriesForTheModelCallMetrics() {
		runner().run((context) -> assertThat(context).hasSingleBean(AgentTracingMeterBinder.class)
			.doesNotHaveBean(ModelCallMeterObservationHandler.class));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracingMeterBinder.class));
	}

	@Test
	void backsOffFromUserBeans() {
		AgentTracingMeterBinder binder = new AgentTracingMeterBinder(
				new StaticListableBeanFactory().getBeanProvider(AgentTracer.class));
		ModelCallMeterObservationHandler handler = new ModelCallMeterObservationHandler(new SimpleMeterRegistry());
		withRegistries().withBean("myBinder", AgentTracingMeterBinder.class, () -> binder)
			.withBean("myHandler", ModelCallMeterObservationHandler.class, () -> handler)
			.run((context) -> {
				assertThat(context).getBean(AgentTracingMeterBinder.class).isSameAs(binder);
				assertThat(context).getBean(ModelCallMeterObservationHandler.class).isSameAs(handler);
			});
	}

	@Test
	void isOffWhenTracingIsDisabledAndTheModelCallMetricsWithTheObservations() {
		withRegistries().withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracingMeterBinder.class)
				.doesNotHaveBean(ModelCallMeterObservationHandler.class)
				.doesNotHaveBean(AgentTracer.class));
		withRegistries().withPropertyValues("tracing.observations.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(AgentTracingMeterBinder.class)
				.doesNotHaveBean(ModelCallMeterObservationHandler.class));
	}

	@Test
	void needsMicrometersCore() {
		runner().withClassLoader(new FilteredClassLoader("io.micrometer.core", "org.springframework.ai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(AgentTracingMeterBinder.class));
	}

}
