package dev.agenttracing.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.micrometer.AgentRunContext;
import dev.agenttracing.micrometer.AgentRunObservationConvention;
import dev.agenttracing.micrometer.DefaultAgentRunObservationConvention;
import dev.agenttracing.micrometer.ModelCallMeterObservationHandler;
import dev.agenttracing.micrometer.ObservationTracingListener;
import dev.agenttracing.micrometer.ObservationTracingListener.CurrentSpanIds;
import dev.agenttracing.micrometer.ToolCallContext;
import dev.agenttracing.micrometer.ToolCallObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import static org.assertj.core.api.Assertions.assertThat;

class TracingObservationAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
							TracingMetricsAutoConfiguration.class, TracingHealthAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	private ApplicationContextRunner withRegistry(TestObservationRegistry registry) {
		return runner().withBean(ObservationRegistry.class, () -> registry);
	}

	@Test
	void recordsRunsAndToolsAsObservationsByDefault() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		withRegistry(registry).run((context) -> {
			assertThat(context).hasSingleBean(ObservationTracingListener.class)
				.hasSingleBean(AgentRunObservationConvention.class)
				.hasSingleBean(ToolCallObservationConvention.class)
				.doesNotHaveBean(CurrentSpanIds.class);
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").call(() -> tracer.callTool("search", Map.of("q", "x"), () -> "found"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("gen_ai.invoke_agent")
				.that()
				.hasBeenStopped();
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("gen_ai.execute_tool")
				.that()
				.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.tool.call.arguments")
				.hasParentObservation();
		});
	}

	@Test
	void putsContentOnSpansOnlyWhenAskedTo() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		withRegistry(registry).withPropertyValues("tracing.observations.include-content=true").run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").call(() -> tracer.callTool("search", Map.of("q", "x"), () -> "found"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("gen_ai.execute_tool")
				.that()
				.hasHighCardinalityKeyValue("gen_ai.tool.call.arguments", "{\"q\":\"x\"}")
				.hasHighCardinalityKeyValue("gen_ai.tool.call.result", "\"found\"");
		});
	}

	@Test
	void putsTheOpenInferenceKeysWhenAskedTo() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		withRegistry(registry)
			.withPropertyValues("tracing.observations.include-content=true", "tracing.observations.open-inference=true")
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("agent").call(() -> tracer.callTool("search", Map.of("q", "x"), () -> "found"));
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("gen_ai.execute_tool")
					.that()
					.hasHighCardinalityKeyValue("openinference.span.kind", "TOOL")
					.hasHighCardinalityKeyValue("output.value", "\"found\"")
					.hasHighCardinalityKeyValueWithKey("session.id");
			});
	}

	@Test
	void typesTheNumericSpanAttributesWithMicrometerTracing() {
		withRegistry(TestObservationRegistry.create())
			.withBean(io.micrometer.tracing.Tracer.class, () -> io.micrometer.tracing.Tracer.NOOP)
			.run((context) -> assertThat(context).getBeans(io.micrometer.observation.ObservationFilter.class)
				.hasValueSatisfying(new org.assertj.core.api.Condition<>(TypedSpanAttributes.class::isInstance,
						"typed span attributes")));
		withRegistry(TestObservationRegistry.create())
			.run((context) -> assertThat(context).doesNotHaveBean(TypedSpanAttributes.class));
	}

	@Test
	void usesTheUsersConventionsAndListener() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		AgentRunObservationConvention custom = new DefaultAgentRunObservationConvention() {
			@Override
			public String getName() {
				return "acme.agent";
			}
		};
		withRegistry(registry).withBean(AgentRunObservationConvention.class, () -> custom).run((context) -> {
			assertThat(context.getBean(AgentRunObservationConvention.class)).isSameAs(custom);
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").call(() -> "done");
			TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("acme.agent");
		});
		ObservationTracingListener own = new ObservationTracingListener(ObservationRegistry.NOOP);
		withRegistry(registry).withBean(ObservationTracingListener.class, () -> own)
			.run((context) -> assertThat(context.getBean(ObservationTracingListener.class)).isSameAs(own));
	}

	@Test
	void isOffByPropertyWithoutARegistryOrWithoutMicrometer() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		withRegistry(registry).withPropertyValues("tracing.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationTracingListener.class).hasSingleBean(AgentTracer.class);
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").call(() -> "done");
			TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
		});
		runner().run((context) -> assertThat(context).doesNotHaveBean(ObservationTracingListener.class)
			.hasSingleBean(AgentTracer.class));
		withRegistry(registry)
			.withClassLoader(new FilteredClassLoader("io.micrometer.observation", "io.micrometer.core",
					"io.micrometer.tracing", "org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ObservationTracingListener.class)
					.doesNotHaveBean(AgentTracingMeterBinder.class)
					.doesNotHaveBean(AgentTracingHealthIndicator.class)
					.hasSingleBean(AgentTracer.class);
				AgentTracer tracer = context.getBean(AgentTracer.class);
				assertThat(tracer.newRun("agent").call(() -> "traced")).isEqualTo("traced");
			});
	}

	@Test
	void writesTheIdsOfMicrometerTracingsCurrentSpanIntoEvents() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		CurrentSpanIds ids = () -> new ObservationTracingListener.SpanIds("4bf92f3577b34da6a3ce929d0e0e4736",
				"00f067aa0ba902b7");
		RecordingExporter exporter = new RecordingExporter();
		withRegistry(registry).withBean(CurrentSpanIds.class, () -> ids)
			.withBean(RecordingExporter.class, () -> exporter)
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("agent").call(() -> "done");
				tracer.flush(Duration.ofSeconds(5));
				assertThat(exporter.events()).allSatisfy(
						(event) -> assertThat(event.run().otelTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
			});
	}

	@Test
	void exposesEachExportersCountersAsMeters() {
		withRegistry(TestObservationRegistry.create()).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("failing", TraceExporter.class, () -> (events) -> {
				throw new IllegalStateException("backend down");
			})
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean(AgentTracingMeterBinder.class).bindTo(meters);
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("agent").call(() -> "done");
				tracer.flush(Duration.ofSeconds(5));
				assertThat(meters.get("agent.tracing.events")
					.tags("exporter", "JsonlExporter", "result", "exported")
					.functionCounter()
					.count()).isEqualTo(2);
				assertThat(meters.get("agent.tracing.events").tags("result", "failed").functionCounters())
					.extracting((counter) -> counter.getId().getTag("exporter"))
					.containsExactlyInAnyOrder("JsonlExporter", "failing");
				assertThat(meters.find("agent.tracing.queue.size").gauges()).hasSize(2);
				double failed = meters.get("agent.tracing.events")
					.tags("result", "failed")
					.functionCounters()
					.stream()
					.mapToDouble((counter) -> counter.count())
					.sum();
				assertThat(failed).isEqualTo(2);
			});
	}

	@Test
	void healthIsDownWhileAnExporterFailsAndListsEveryExporter() {
		List<Boolean> fail = new CopyOnWriteArrayList<>(List.of(true));
		withRegistry(TestObservationRegistry.create()).withBean("flaky", TraceExporter.class, () -> (events) -> {
			if (fail.get(0)) {
				throw new IllegalStateException("backend down");
			}
		}).run((context) -> {
			AgentTracingHealthIndicator health = context.getBean(AgentTracingHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").call(() -> "done");
			tracer.flush(Duration.ofSeconds(5));
			Health down = health.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsOnlyKeys("JsonlExporter", "flaky");
			assertThat(down.getDetails().values().toString()).contains("backend down");
			fail.set(0, false);
			tracer.newRun("agent").call(() -> "done");
			tracer.flush(Duration.ofSeconds(5));
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void synchronousFutureAndMonoToolsOfProxiedBeansBecomeChildObservationsOfTheRun() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TracingAutoConfiguration.class,
					TracingAopAutoConfiguration.class, TracingMetricsAutoConfiguration.class,
					TracingHealthAutoConfiguration.class, TracingObservationAutoConfiguration.class))
			.withUserConfiguration(TracedBeansTests.AgentConfiguration.class)
			.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces)
			.run((context) -> {
				context.getBean(TracedBeansTests.SupportAgent.class).answer("user-42", "Where is ticket 7?");
				TestObservationRegistryAssert.assertThat(registry)
					.hasNumberOfObservationsEqualTo(4)
					.hasObservationWithNameEqualTo("gen_ai.invoke_agent")
					.that()
					.hasContextualNameEqualTo("invoke_agent Support Agent")
					.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-5-mini")
					.hasHighCardinalityKeyValue("gen_ai.conversation.id", "user-42")
					.hasBeenStopped();
				TestObservationRegistryAssert.assertThat(registry)
					.hasHandledContextsThatSatisfy(
							(contexts) -> assertThat(contexts).filteredOn((c) -> c instanceof ToolCallContext)
								.extracting((c) -> c.getContextualName())
								.containsExactlyInAnyOrder("execute_tool lookup_ticket", "execute_tool searchKb",
										"execute_tool summarize"))
					.forAllObservationsWithNameEqualTo("gen_ai.execute_tool",
							(tool) -> tool
								.hasParentObservationContextMatching((parent) -> parent instanceof AgentRunContext)
								.hasLowCardinalityKeyValue("error.type", "none"));
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("gen_ai.execute_tool")
					.that()
					.hasBeenStopped();
				assertThat(registry.getCurrentObservation()).isNull();
			});
	}

	@Test
	void recordsModelCallMetricsUnlessSpringAiRecordsThem() {
		withRegistry(TestObservationRegistry.create()).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> assertThat(context).hasSingleBean(ModelCallMeterObservationHandler.class));
		withRegistry(TestObservationRegistry.create()).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(ModelCallMeterObservationHandler.class)
				.hasSingleBean(ObservationTracingListener.class));
	}

}
