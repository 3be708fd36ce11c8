package dev.agenttracing.autoconfigure.mcp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.mcp.ToolContextToMcpMetaConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.micrometer.ObservationTracingListener;
import dev.agenttracing.micrometer.ObservationTracingListener.SpanIds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A tool an MCP server handles is a run of its own that continues the caller's trace
 * named in the request's {@code _meta}, through Micrometer Tracing's OpenTelemetry bridge
 * to real OpenTelemetry spans; a malformed or hostile {@code _meta} starts a fresh trace
 * and never fails the call.
 */
class McpServerRunsTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	private static final String HUGE = "a".repeat(1_000_000);

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	private final List<TraceEvent> events = new CopyOnWriteArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> batch) {
				McpServerRunsTests.this.spans.addAll(batch);
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

	private final OtelTracer otelTracer = new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(),
			(event) -> {
			});

	private final AgentTracer tracer;

	McpServerRunsTests() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.otelTracer));
		TraceExporter exporter = this.events::addAll;
		this.tracer = AgentTracer.builder().listener(new ObservationTracingListener(registry).withCurrentSpanIds(() -> {
			Span span = this.otelTracer.currentSpan();
			return (span != null) ? new SpanIds(span.context().traceId(), span.context().spanId()) : null;
		})).exporter(exporter).build();
	}

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
		this.provider.close();
	}

	private McpServerRuns runs(boolean propagation) {
		return new McpServerRuns(this.tracer, "weather-server", propagation,
				new MicrometerTraceBridge(this.otelTracer));
	}

	private static CallToolRequest request(Map<String, Object> meta) {
		return CallToolRequest.builder("get_weather").arguments(Map.of("city", "Paris")).meta(meta).build();
	}

	private static CallToolResult sunny() {
		return CallToolResult.builder().addTextContent("sunny, 21 °C").build();
	}

	private SpanData span(String name) {
		return this.spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

	private List<TraceEvent> events(int count) {
		this.tracer.flush(Duration.ofSeconds(5));
		assertThat(this.events).hasSize(count);
		return new ArrayList<>(this.events);
	}

	@Test
	void aCallerInMetaIsContinuedAndRecordedAsTheRunsParent() {
		Map<String, Object> meta = Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01", "dev.agenttracing/run_id",
				"run_caller", "dev.agenttracing/trace_id", "trace_caller", "dev.agenttracing/span_id", "span_caller",
				"dev.agenttracing/tool_call_id", "call_1");
		CallToolResult result = runs(true).call("session-1", request(meta), McpServerRunsTests::sunny);

		assertThat(result).isEqualTo(sunny());
		SpanData run = span("invoke_agent weather-server");
		assertThat(run.getTraceId()).isEqualTo(TRACE);
		assertThat(run.getParentSpanId()).isEqualTo(SPAN);
		SpanData tool = span("tools/call get_weather");
		assertThat(tool.getTraceId()).isEqualTo(TRACE);
		assertThat(tool.getParentSpanId()).isEqualTo(run.getSpanId());
		assertThat(tool.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))).isEqualTo("tools/call");
		assertThat(tool.getAttributes().get(AttributeKey.stringKey("mcp.session.id"))).isEqualTo("session-1");
		assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("get_weather");

		List<TraceEvent> events = events(4);
		RunStarted started = (RunStarted) events.get(0);
		assertThat(started.run().parent())
			.isEqualTo(new RunParent(TRACE, SPAN, "run_caller", "trace_caller", "span_caller", "call_1"));
		assertThat(started.run().otelTraceId()).isEqualTo(TRACE);
		assertThat(started.run().sessionId()).isEqualTo("session-1");
		assertThat(started.run().agentName()).isEqualTo("weather-server");
		assertThat(((ToolCallStarted) events.get(1)).tool().attributes()).containsEntry("mcp.server.name",
				"weather-server");
		assertThat(this.otelTracer.currentSpan()).isNull();
		assertThat(AgentTracer.currentRun()).isNull();
	}

	@Test
	void whatAClientsConverterSendsMakesTheServersRunAChildOfTheClientsToolSpan() {
		TracingMcpMetaConverter converter = new TracingMcpMetaConverter(
				ToolContextToMcpMetaConverter.defaultConverter(),
				new MicrometerTraceBridge(this.otelTracer)::currentSampled);
		AgentRun client = this.tracer.newRun("Travel Agent").sessionId("traveller").start();
		ToolCall call = client.startTool("get_weather", "call_1", Map.of("city", "Paris"));
		Map<String, Object> meta;
		try (Scope scope = call.makeCurrent()) {
			meta = converter.convert(new ToolContext(Map.of("tenant", "acme")));
			runs(true).call("session-1", request(meta), McpServerRunsTests::sunny);
		}
		call.complete("sunny");
		client.complete("done");
		assertThat(converter.convert(new ToolContext(Map.of("tenant", "acme")))).isEqualTo(Map.of("tenant", "acme"));

		SpanData clientTool = span("execute_tool get_weather");
		SpanData serverRun = span("invoke_agent weather-server");
		assertThat(meta).containsEntry("tenant", "acme")
			.containsEntry("traceparent", "00-" + clientTool.getTraceId() + "-" + clientTool.getSpanId() + "-01")
			.containsEntry("dev.agenttracing/run_id", client.info().runId())
			.containsEntry("dev.agenttracing/tool_call_id", "call_1");
		assertThat(serverRun.getTraceId()).isEqualTo(clientTool.getTraceId());
		assertThat(serverRun.getParentSpanId()).isEqualTo(clientTool.getSpanId());
		assertThat(span("tools/call get_weather").getParentSpanId()).isEqualTo(serverRun.getSpanId());
	}

	@Test
	void theClientsRequestsCarryTheToolCallsTraceparentAsAnHttpHeader() {
		TraceparentHeader header = new TraceparentHeader(new MicrometerTraceBridge(this.otelTracer)::currentSampled);
		URI endpoint = URI.create("http://127.0.0.1:1/mcp");
		assertThat(header.context()).isSameAs(McpTransportContext.EMPTY);
		AgentRun client = this.tracer.newRun("Travel Agent").start();
		ToolCall call = client.startTool("get_weather", "call_1", Map.of("city", "Paris"));
		McpTransportContext context;
		try (Scope scope = call.makeCurrent()) {
			context = header.context();
		}
		call.complete("sunny");
		client.complete("done");
		HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint);
		header.customize(builder, "POST", endpoint, "{}", context);
		SpanData clientTool = span("execute_tool get_weather");
		assertThat(builder.build().headers().firstValue("traceparent"))
			.hasValue("00-" + clientTool.getTraceId() + "-" + clientTool.getSpanId() + "-01");
		HttpRequest.Builder outside = HttpRequest.newBuilder(endpoint);
		header.customize(outside, "POST", endpoint, "{}", McpTransportContext.EMPTY);
		assertThat(outside.build().headers().firstValue("traceparent")).isEmpty();
	}

	@Test
	void withoutMetaTheCallIsARunOfItsOwn() {
		runs(true).call("session-1", CallToolRequest.builder("get_weather").build(), McpServerRunsTests::sunny);
		assertThat(span("invoke_agent weather-server").getParentSpanContext().isValid()).isFalse();
		assertThat(events(4).get(0).run().parent()).isNull();
	}

	@Test
	void withPropagationOffTheCallerIsIgnored() {
		runs(false).call("session-1", request(Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01")),
				McpServerRunsTests::sunny);
		assertThat(span("invoke_agent weather-server").getTraceId()).isNotEqualTo(TRACE);
		assertThat(events(4).get(0).run().parent()).isNull();
	}

	static Stream<Arguments> hostileMeta() {
		Map<String, Object> nested = new HashMap<>();
		nested.put("traceparent", Map.of("a", List.of(1, 2, 3)));
		return Stream.of(
				Arguments.of("a traceparent of the wrong length", Map.of("traceparent", "00-" + TRACE + "-" + SPAN)),
				Arguments.of("non-hex ids",
						Map.of("traceparent", "00-" + TRACE.replace('4', 'x') + "-" + SPAN + "-01")),
				Arguments.of("upper-case ids", Map.of("traceparent", "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01")),
				Arguments.of("an all-zero trace id",
						Map.of("traceparent", "00-" + "0".repeat(32) + "-" + SPAN + "-01")),
				Arguments.of("an all-zero span id",
						Map.of("traceparent", "00-" + TRACE + "-" + "0".repeat(16) + "-01")),
				Arguments.of("version ff", Map.of("traceparent", "ff-" + TRACE + "-" + SPAN + "-01")),
				Arguments.of("version 00 with more fields",
						Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01-x")),
				Arguments.of("a 1 MB traceparent", Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01" + HUGE)),
				Arguments.of("a 1 MB tracestate and run id",
						Map.of("tracestate", HUGE, "dev.agenttracing/run_id", HUGE)),
				Arguments.of("a number", Map.of("traceparent", 42)), Arguments.of("a map", nested),
				Arguments.of("a list", Map.of("traceparent", List.of("00-" + TRACE + "-" + SPAN + "-01"))),
				Arguments.of("ids as objects",
						Map.of("dev.agenttracing/run_id", Map.of("x", 1), "dev.agenttracing/span_id", List.of(),
								"dev.agenttracing/tool_call_id", 7)),
				Arguments.of("ids with separators", Map.of("dev.agenttracing/run_id", "run\n{\"event\":\"x\"}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileMeta")
	void aMalformedOrHostileMetaStartsAFreshTraceAndNeverFailsTheCall(String what, Map<String, Object> meta) {
		CallToolResult result = runs(true).call("session-1", request(meta), McpServerRunsTests::sunny);

		assertThat(result).isEqualTo(sunny());
		SpanData run = span("invoke_agent weather-server");
		assertThat(run.getTraceId()).isNotEqualTo(TRACE);
		assertThat(run.getParentSpanContext().isValid()).isFalse();
		List<TraceEvent> events = events(4);
		assertThat(events.get(0).run().parent()).isNull();
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
	}

	@Test
	void aToolThatThrowsOrAnswersAnErrorIsRecordedAsAFailureAndAnsweredUnchanged() {
		McpServerRuns runs = runs(true);
		assertThatIllegalStateException().isThrownBy(() -> runs.call("s", request(Map.of()), () -> {
			throw new IllegalStateException("no such city");
		})).withMessage("no such city");
		CallToolResult error = CallToolResult.builder().addTextContent("city unknown").isError(true).build();
		assertThat(runs.call("s", request(Map.of()), () -> error)).isSameAs(error);

		List<TraceEvent> events = events(8);
		assertThat(events).filteredOn(ToolCallError.class::isInstance)
			.extracting((event) -> ((ToolCallError) event).error())
			.containsExactly("no such city", "city unknown");
		assertThat(events).filteredOn(RunError.class::isInstance).hasSize(2);
		assertThat(this.otelTracer.currentSpan()).isNull();
	}

}
