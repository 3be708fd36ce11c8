package dev.agenttracing.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.RecordingExporter;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ObservationTracingListenerTests {

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
	void runAndToolsBecomeNestedObservationsWithGenAiKeys() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		Observation[] seenInsideTool = new Observation[1];
		tracer.newRun("Support Agent").model("gpt-5-mini").sessionId("user-42").call(() -> {
			tracer.callTool("lookup_ticket", Map.of("id", 7), () -> {
				seenInsideTool[0] = this.registry.getCurrentObservation();
				return "ticket";
			});
			AgentTracer.currentRun().complete("answer", TokenUsage.of(120, 20));
			return "answer";
		});
		assertThat(this.registry.getCurrentObservation()).isNull();
		assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
			.hasObservationWithNameEqualTo("gen_ai.invoke_agent")
			.that()
			.hasContextualNameEqualTo("invoke_agent Support Agent")
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "invoke_agent")
			.hasLowCardinalityKeyValue("gen_ai.agent.name", "Support Agent")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-5-mini")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValue("gen_ai.conversation.id", "user-42")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "120")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "20")
			.doesNotHaveParentObservation()
			.hasBeenStarted()
			.hasBeenStopped();
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.execute_tool")
			.that()
			.hasContextualNameEqualTo("execute_tool lookup_ticket")
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "execute_tool")
			.hasLowCardinalityKeyValue("gen_ai.tool.name", "lookup_ticket")
			.hasLowCardinalityKeyValue("gen_ai.tool.type", "function")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValueWithKey("gen_ai.tool.call.id")
			.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.tool.call.arguments")
			.hasParentObservationContextMatching(parent -> parent instanceof AgentRunContext)
			.hasBeenStopped();
		assertThat(seenInsideTool[0]).isNotNull();
		assertThat(seenInsideTool[0].getContext()).isInstanceOf(ToolCallContext.class);
	}

	@Test
	void aToolServedOverMcpIsNamedForItsMethodAndCarriesItsAttributes() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		AgentRun run = tracer.newRun("agent").start();
		run.startTool("get_weather", "call_1", Map.of("city", "Paris"),
				Map.of("mcp.method.name", "tools/call", "mcp.session.id", "3f2a"))
			.complete("sunny");
		run.complete("ok");
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.execute_tool")
			.that()
			.hasContextualNameEqualTo("tools/call get_weather")
			.hasLowCardinalityKeyValue("gen_ai.tool.name", "get_weather")
			.hasHighCardinalityKeyValue("mcp.method.name", "tools/call")
			.hasHighCardinalityKeyValue("mcp.session.id", "3f2a")
			.doesNotHaveLowCardinalityKeyValueWithKey("mcp.method.name");
	}

	@Test
	void failuresAreRecordedWithTheirErrorType() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		assertThatIllegalStateException().isThrownBy(() -> tracer.newRun("agent").call(() -> {
			try {
				tracer.callTool("escalate", Map.of(), () -> {
					throw new UnsupportedOperationException("no on-call");
				});
			}
			catch (UnsupportedOperationException ex) {
				throw new IllegalStateException("escalation failed", ex);
			}
			return null;
		}));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.execute_tool")
			.that()
			.hasLowCardinalityKeyValue("error.type", "UnsupportedOperationException")
			.hasError();
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.invoke_agent")
			.that()
			.hasLowCardinalityKeyValue("error.type", "IllegalStateException")
			.hasError();
	}

	@Test
	void asynchronousToolsStayChildrenAndEndWhenTheirWorkEnds() throws Exception {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry));
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			AgentRun run = tracer.newRun("agent").start();
			ToolCall call = tracer.startTool("async_search", Map.of("q", "x"));
			CompletableFuture<String> work = CompletableFuture.supplyAsync(() -> "found", pool);
			call.detach();
			CompletableFuture<Void> pooled = CompletableFuture
				.runAsync(() -> tracer.callTool("pooled", Map.of(), () -> "x"), TracingContext.wrap(pool));
			run.detach();
			assertThat(this.registry.getCurrentObservation()).isNull();
			work.thenAccept(call::complete).get();
			pooled.get();
			run.complete("done");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.registry).hasNumberOfObservationsEqualTo(3)
			.forAllObservationsWithNameEqualTo("gen_ai.execute_tool",
					tool -> tool.hasParentObservationContextMatching(parent -> parent instanceof AgentRunContext));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.invoke_agent").that().hasBeenStopped();
		assertThat(this.registry).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts).hasSize(3));
	}

	@Test
	void contentGoesOnSpansOnlyWhenIncluded() {
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry).withIncludeContent(true));
		tracer.newRun("agent")
			.call(() -> tracer.callTool("search", Map.of("query", "refund", "api_key", "sk-abcdefghijklmnopqrstuv"),
					() -> List.of("article-1")));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.execute_tool")
			.that()
			.hasHighCardinalityKeyValue("gen_ai.tool.call.result", "[\"article-1\"]")
			.hasHighCardinalityKeyValueWithKey("gen_ai.tool.call.arguments")
			.satisfies(
					context -> assertThat(context.getHighCardinalityKeyValue("gen_ai.tool.call.arguments").getValue())
						.contains("\"query\":\"refund\"")
						.contains("[REDACTED]")
						.doesNotContain("sk-abcdefghijklmnopqrstuv"));
	}

	@Test
	void replacedConventionsNameTheObservations() {
		DefaultAgentRunObservationConvention runs = new DefaultAgentRunObservationConvention() {
			@Override
			public KeyValues getLowCardinalityKeyValues(AgentRunContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
			}
		};
		DefaultToolCallObservationConvention tools = new DefaultToolCallObservationConvention() {
			@Override
			public String getName() {
				return "acme.tool";
			}
		};
		AgentTracer tracer = tracer(
				new ObservationTracingListener(this.registry).withRunConvention(runs).withToolConvention(tools));
		tracer.newRun("agent").call(() -> tracer.callTool("t", Map.of(), () -> "r"));
		assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.invoke_agent")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme");
		assertThat(this.registry).hasObservationWithNameEqualTo("acme.tool");
	}

	@Test
	void spanIdsOfTheCurrentSpanReachTheEvents() {
		int[] counter = { 0 };
		AgentTracer tracer = tracer(new ObservationTracingListener(this.registry).withCurrentSpanIds(() -> {
			counter[0]++;
			return new ObservationTracingListener.SpanIds("4bf92f3577b34da6a3ce929d0e0e4736",
					"00000000000000" + String.format("%02d", counter[0]));
		}));
		tracer.newRun("agent").call(() -> tracer.callTool("t", Map.of(), () -> "r"));
		tracer.flush(Duration.ofSeconds(5));
		List<TraceEvent> events = this.recorder.events();
		assertThat(events).extracting(TraceEvent::otelSpanId)
			.containsExactly("0000000000000001", "0000000000000002", "0000000000000002", "0000000000000001");
		assertThat(events)
			.allSatisfy(event -> assertThat(event.run().otelTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
	}

	@Test
	void noopRegistryCostsNothingAndChangesNothing() {
		AgentTracer tracer = tracer(new ObservationTracingListener(io.micrometer.observation.ObservationRegistry.NOOP));
		assertThat(tracer.newRun("agent").call(() -> tracer.callTool("t", Map.of(), () -> "r"))).isEqualTo("r");
		tracer.flush(Duration.ofSeconds(5));
		assertThat(this.recorder.events()).hasSize(4).allSatisfy(event -> assertThat(event.otelSpanId()).isNull());
	}

}
