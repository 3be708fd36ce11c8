package dev.agenttracing.micrometer;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Model calls as {@code chat {model}} observations, and the two GenAI client metrics. */
class ModelCallObservationTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final RecordingExporter recorder = new RecordingExporter();

	private AgentTracer tracer;

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	private AgentTracer tracer(ObservationTracingListener listener) {
		this.tracer = AgentTracer.builder().listener(listener).exporter(this.recorder).build();
		return this.tracer;
	}

	@Test
	void aModelCallIsAChatObservationUnderTheRunCurrentWhileTheModelIsCalled() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		Observation[] seenInsideCall = new Observation[1];
		tracer.newRun("Support Agent").sessionId("user-42").call(() -> tracer.callModel("gpt-5-mini", "hi", () -> {
			seenInsideCall[0] = this.registry.getCurrentObservation();
			AgentTracer.currentModelCall().usage(TokenUsage.of(120, 20)).finishReason("stop");
			return "hello";
		}));
		assertThat(this.registry.getCurrentObservation()).isNull();
		assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
			.hasObservationWithNameEqualTo("gen_ai.chat")
			.that()
			.hasContextualNameEqualTo("chat gpt-5-mini")
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-5-mini")
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "unknown")
			.hasLowCardinalityKeyValue("gen_ai.agent.name", "Support Agent")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "120")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "20")
			.hasHighCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
			.hasHighCardinalityKeyValue("gen_ai.conversation.id", "user-42")
			.hasParentObservationContextMatching((parent) -> parent instanceof AgentRunContext)
			.hasBeenStopped();
		assertThat(seenInsideCall[0].getContext()).isInstanceOf(ModelCallContext.class);
		assertThat(((ModelCallContext) seenInsideCall[0].getContext()).getCall().input()).isEqualTo("hi");
	}

	@Test
	void aPricedModelCallAndItsRunCarryTheirCostAndAnUnpricedOneNone() {
		this.tracer = AgentTracer.builder()
			.listener(new ObservationTracingListener(this.registry))
			.pricing(dev.agenttracing.ModelPricing
				.perMillionTokens(java.util.Map.of("gpt-5-mini", new dev.agenttracing.ModelPricing.Price(1.0, 2.0))))
			.exporter(this.recorder)
			.build();
		AgentTracer tracer = this.tracer;
		tracer.newRun("Support Agent").call(() -> tracer.callModel("gpt-5-mini", "hi", () -> {
			AgentTracer.currentModelCall().usage(TokenUsage.of(500_000, 250_000));
			return "hello";
		}));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.chat")
			.that()
			.hasHighCardinalityKeyValue("gen_ai.usage.cost", "1.0");
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.invoke_agent")
			.that()
			.hasHighCardinalityKeyValue("gen_ai.usage.cost", "1.0");
		tracer.newRun("Support Agent").call(() -> tracer.callModel("unpriced", "hi", () -> {
			AgentTracer.currentModelCall().usage(TokenUsage.of(500_000, 250_000));
			return "hello";
		}));
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("chat unpriced")
				.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "500000")
				.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.usage.cost"));
	}

	@Test
	void aRunStartedWithoutAModelHasTheModelAndProviderOfItsModelCalls() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		tracer.newRun("Support Agent").call(() -> {
			tracer.startModelCall("gpt-4o-mini", "openai", "hi").complete("hello", null);
			return tracer.startModelCall("other-model", "other", "hi");
		}).complete("x", null);
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.invoke_agent")
			.that()
			.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "openai");
		tracer.newRun("Plain Agent").call(() -> "no model");
		assertThat(this.registry)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("invoke_agent Plain Agent")
				.hasLowCardinalityKeyValue("gen_ai.request.model", "unknown")
				.hasLowCardinalityKeyValue("gen_ai.provider.name", "unknown"));
	}

	@Test
	void aFailedModelCallCarriesItsErrorType() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		assertThatIllegalStateException()
			.isThrownBy(() -> tracer.newRun("agent").call(() -> tracer.callModel("gpt-5-mini", "hi", () -> {
				throw new IllegalStateException("rate limited");
			})));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.chat")
			.that()
			.hasLowCardinalityKeyValue("error.type", "IllegalStateException")
			.hasError()
			.hasBeenStopped();
	}

	@Test
	void aConventionOfTheApplicationReplacesTheDefaultOne() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry)
			.withModelCallConvention(new DefaultModelCallObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ModelCallContext context) {
					return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
				}

			}));
		tracer.newRun("agent").call(() -> tracer.callModel("m", "hi", () -> "hello"));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.chat")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasContextualNameEqualTo("chat m");
	}

	@Test
	void recordsTheOperationDurationTimerAndTheTokenUsageSummaryByTokenType() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ModelCallMeterObservationHandler(meters));
		AgentTracer tracer = tracer(new ObservationTracingListener(observations));
		tracer.newRun("agent").call(() -> {
			tracer.startModelCall("gpt-5-mini", "openai", "first").complete("a", TokenUsage.of(100, 10));
			tracer.startModelCall("gpt-5-mini", "openai", "second").complete("b", TokenUsage.of(30, 5));
			return tracer.callModel("gpt-5-mini", "third", () -> "no usage reported");
		});
		Timer timer = meters.get(ModelCallMeterObservationHandler.OPERATION_DURATION)
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.request.model", "gpt-5-mini")
			.tag("gen_ai.provider.name", "openai")
			.tag("error.type", "none")
			.timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(meters.get(ModelCallMeterObservationHandler.OPERATION_DURATION)
			.tag("gen_ai.provider.name", "unknown")
			.timer()
			.count()).isEqualTo(1);
		DistributionSummary input = meters.get(ModelCallMeterObservationHandler.TOKEN_USAGE)
			.tag("gen_ai.token.type", "input")
			.tag("gen_ai.request.model", "gpt-5-mini")
			.summary();
		DistributionSummary output = meters.get(ModelCallMeterObservationHandler.TOKEN_USAGE)
			.tag("gen_ai.token.type", "output")
			.summary();
		assertThat(input.count()).isEqualTo(2);
		assertThat(input.totalAmount()).isEqualTo(130.0);
		assertThat(output.totalAmount()).isEqualTo(15.0);
		assertThat(input.getId().getBaseUnit()).isEqualTo("{token}");
		assertThat(meters.find(ModelCallMeterObservationHandler.TOKEN_USAGE).meters()).hasSize(2);
	}

	@Test
	void aMeterRegisteredWithAnotherTypeElsewhereNeitherBreaksTheCallNorTheOtherMeters() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Counter.builder(ModelCallMeterObservationHandler.TOKEN_USAGE).register(meters).increment();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ModelCallMeterObservationHandler(meters));
		AgentTracer tracer = tracer(new ObservationTracingListener(observations));
		String answer = tracer.newRun("agent").call(() -> tracer.callModel("m", "hi", () -> {
			AgentTracer.currentModelCall().usage(TokenUsage.of(1, 1));
			return "hello";
		}));
		assertThat(answer).isEqualTo("hello");
		assertThat(meters.get(ModelCallMeterObservationHandler.OPERATION_DURATION).timer().count()).isEqualTo(1);
		List<TraceEvent> events = this.recorder.awaitEvents(4, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "RunCompleted");
	}

}
