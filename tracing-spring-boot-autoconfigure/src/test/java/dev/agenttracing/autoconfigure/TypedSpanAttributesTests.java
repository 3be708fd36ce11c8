package dev.agenttracing.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.micrometer.ObservationTracingListener;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through Micrometer Tracing's OpenTelemetry bridge, token counts reach the span as
 * integers, cost as a double and finish reasons as a string array, each once (the string
 * key value does not overwrite or double the typed attribute).
 */
class TypedSpanAttributesTests {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> batch) {
				TypedSpanAttributesTests.this.spans.addAll(batch);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		}))
		.build();

	private AgentTracer tracer;

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
		this.provider.close();
	}

	private ObservationRegistry registry(boolean typed) {
		OtelTracer otelTracer = new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(otelTracer));
		if (typed) {
			registry.observationConfig().observationFilter(new TypedSpanAttributes());
		}
		return registry;
	}

	private void runOneModelCall(ObservationRegistry registry) {
		this.tracer = AgentTracer.builder()
			.listener(new ObservationTracingListener(registry))
			.pricing(ModelPricing.perMillionTokens(Map.of("gpt-4o-mini", new ModelPricing.Price(1.0, 2.0))))
			.build();
		AgentRun run = this.tracer.newRun("Weather Agent").sessionId("s-1").start();
		ModelCall call = run.startModelCall("gpt-4o-mini", "openai", "Weather?");
		call.complete("Sunny", TokenUsage.of(1200, 300), "stop");
		run.complete("Sunny");
	}

	private Attributes attributes(String spanNamePrefix) {
		return this.spans.stream()
			.filter((span) -> span.getName().startsWith(spanNamePrefix))
			.findFirst()
			.orElseThrow()
			.getAttributes();
	}

	@Test
	void tokenCountsCostAndFinishReasonsAreTypedOnTheSpans() {
		runOneModelCall(registry(true));
		Attributes chat = attributes("chat");
		assertThat(chat.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1200L);
		assertThat(chat.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(300L);
		assertThat(chat.get(AttributeKey.doubleKey("gen_ai.usage.cost"))).isCloseTo(0.0018,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(chat.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.usage.input_tokens"))).isNull();
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.usage.cost"))).isNull();
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.response.finish_reasons"))).isNull();
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
		Attributes run = attributes("invoke_agent");
		assertThat(run.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1200L);
		assertThat(run.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(300L);
		assertThat(run.get(AttributeKey.stringKey("gen_ai.usage.input_tokens"))).isNull();
		assertThat(run.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
	}

	@Test
	void withoutTheFilterTheSameValuesArriveAsStrings() {
		runOneModelCall(registry(false));
		Attributes chat = attributes("chat");
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.usage.input_tokens"))).isEqualTo("1200");
		assertThat(chat.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
	}

}
