package dev.agenttracing.autoconfigure.springai;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.autoconfigure.CelestoAutoConfiguration;
import dev.agenttracing.autoconfigure.TracingAopAutoConfiguration;
import dev.agenttracing.autoconfigure.RecordingCelestoServer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring AI application: a deterministic {@code ChatModel} that asks for two tools,
 * driven through {@code ChatClient} and Spring AI's own auto-configured tool-calling
 * manager inside a {@code @TracedRun}.
 */
class SpringAiTracingTests {

	@TempDir
	Path traces;

	private RecordingCelestoServer celesto;

	@BeforeEach
	void startCelesto() throws IOException {
		this.celesto = new RecordingCelestoServer();
	}

	@AfterEach
	void stopCelesto() {
		this.celesto.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TracingAutoConfiguration.class,
					TracingAopAutoConfiguration.class, CelestoAutoConfiguration.class,
					SpringAiTracingAutoConfiguration.class, ToolCallingAutoConfiguration.class,
					ChatClientAutoConfiguration.class))
			.withUserConfiguration(WeatherConfiguration.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void recordsEachModelCallAndEachToolSpringAiRunsAsChildrenOfTheRunWithSummedUsage() throws IOException {
		runner().run((context) -> {
			String answer = context.getBean(WeatherAgent.class).answer("user-42", "Weather in Paris?");
			assertThat(answer).isEqualTo("Paris: weather=\"sunny in Paris\" forecast=\"dry for 2 days in Paris\"");
			assertThat(context.getBean(WeatherTools.class).calls()).isEqualTo(2);
			ScriptedChatModel model = context.getBean(ScriptedChatModel.class);
			assertThat(model.prompts).hasSize(2);
			assertThat(model.prompts.get(1).getInstructions()).last().isInstanceOf(ToolResponseMessage.class);
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		RunStarted run = (RunStarted) events.get(0);
		assertThat(run.agentName()).isEqualTo("Weather Agent");
		assertThat(events.subList(1, events.size() - 1)).allSatisfy((event) -> {
			assertThat(event.parentSpanId()).isEqualTo(run.spanId());
			assertThat(event.spanId()).isNotEqualTo(run.spanId());
		});
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.runId()).isEqualTo(run.runId());
			assertThat(event.traceId()).isEqualTo(run.traceId());
		});
		assertThat(events.get(1).spanId()).isEqualTo(events.get(2).spanId());
		assertThat(events.get(7).spanId()).isEqualTo(events.get(8).spanId()).isNotEqualTo(events.get(1).spanId());

		ModelCallStarted firstStart = (ModelCallStarted) events.get(1);
		assertThat(firstStart.call().model()).isEqualTo(ScriptedChatModel.MODEL);
		assertThat(firstStart.call().input())
			.isEqualTo(List.of(Map.of("role", "user", "content", "Weather in Paris?")));
		ModelCallCompleted first = (ModelCallCompleted) events.get(2);
		assertThat(first.usage()).isEqualTo(new TokenUsage(100, 20, 120));
		assertThat(first.finishReason()).isEqualTo("TOOL_CALLS");
		assertThat(first.output()).isEqualTo(Map.of("tool_calls", List.of(
				Map.of("id", "call_weather_1", "name", "weather", "arguments", Map.of("city", "Paris")),
				Map.of("id", "call_forecast_2", "name", "forecast", "arguments", Map.of("city", "Paris", "days", 2)))));
		ModelCallCompleted second = (ModelCallCompleted) events.get(8);
		assertThat(second.usage()).isEqualTo(new TokenUsage(40, 12, 52));
		assertThat(second.finishReason()).isEqualTo("STOP");
		assertThat(second.output()).isEqualTo("Paris: weather=\"sunny in Paris\" forecast=\"dry for 2 days in Paris\"");
		assertThat((List<?>) second.call().input()).hasSize(3);

		ToolCallCompleted weather = (ToolCallCompleted) events.get(4);
		assertThat(weather.tool().name()).isEqualTo("weather");
		assertThat(weather.tool().callId()).isEqualTo("call_weather_1");
		assertThat(weather.tool().arguments()).isEqualTo(Map.of("city", "Paris"));
		assertThat(weather.result()).isEqualTo("sunny in Paris");
		ToolCallCompleted forecast = (ToolCallCompleted) events.get(6);
		assertThat(forecast.tool().name()).isEqualTo("forecast");
		assertThat(forecast.tool().callId()).isEqualTo("call_forecast_2");
		assertThat(forecast.tool().arguments()).isEqualTo(Map.of("city", "Paris", "days", 2));
		assertThat(forecast.result()).isEqualTo("dry for 2 days in Paris");

		RunCompleted completed = (RunCompleted) events.get(9);
		assertThat(completed.metrics().usage()).isEqualTo(new TokenUsage(140, 32, 172));
		assertThat(completed.tools()).containsExactly("weather", "forecast");
		assertThat(completed.output()).isEqualTo(second.output());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theSameRunReachesCelestoAsOneTraceWithAnAgentSpanTwoGenerationSpansAndTwoFunctionSpans() {
		runner().withPropertyValues(this.celesto.properties()).run((context) -> {
			context.getBean(WeatherAgent.class).answer("user-42", "Weather in Paris?");
			context.close();
		});
		List<Map<String, Object>> items = this.celesto.items();
		List<Map<String, Object>> traces = items.stream().filter((item) -> "trace".equals(item.get("object"))).toList();
		List<Map<String, Object>> spans = items.stream()
			.filter((item) -> "trace.span".equals(item.get("object")))
			.toList();
		assertThat(traces).hasSize(1);
		assertThat(spans).hasSize(5)
			.allSatisfy((span) -> assertThat(span.get("trace_id")).isEqualTo(traces.get(0).get("id")));
		Map<String, List<Map<String, Object>>> byType = new java.util.TreeMap<>();
		for (Map<String, Object> span : spans) {
			String type = (String) ((Map<String, Object>) span.get("span_data")).get("type");
			byType.computeIfAbsent(type, (key) -> new ArrayList<>()).add(span);
		}
		assertThat(byType).containsOnlyKeys("agent", "generation", "function");
		assertThat(byType.get("agent")).hasSize(1);
		assertThat(byType.get("generation")).hasSize(2);
		assertThat(byType.get("function")).hasSize(2);
		Object agentSpan = byType.get("agent").get(0).get("span_id");
		assertThat(byType.get("agent").get(0).get("parent_id")).isNull();
		assertThat(byType.get("generation")).allSatisfy((span) -> {
			assertThat(span.get("parent_id")).isEqualTo(agentSpan);
			Map<String, Object> data = (Map<String, Object>) span.get("span_data");
			assertThat(data).containsEntry("model", ScriptedChatModel.MODEL).containsKeys("input", "output");
			assertThat((Map<String, Object>) data.get("usage")).containsKeys("input_tokens", "output_tokens",
					"total_tokens");
		});
		assertThat(byType.get("function")).allSatisfy((span) -> assertThat(span.get("parent_id")).isEqualTo(agentSpan))
			.extracting((span) -> ((Map<String, Object>) span.get("span_data")).get("name"))
			.containsExactlyInAnyOrder("weather", "forecast");
		assertThat(
				(Map<String, Object>) ((Map<String, Object>) byType.get("agent").get(0).get("span_data")).get("usage"))
			.containsEntry("input_tokens", 140)
			.containsEntry("output_tokens", 32);
	}

	@Test
	void aStreamedResponseIsRecordedAsRunContentChunksInOrderThenRunContentCompleted() throws IOException {
		runner().run((context) -> {
			List<String> chunks = context.getBean(WeatherAgent.class)
				.stream("user-7", "Weather in Paris?")
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(chunks).isEqualTo(ScriptedChatModel.CHUNKS);
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-7.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "RunContent", "RunContent", "RunContent",
					"ModelCallCompleted", "RunContentCompleted", "RunCompleted");
		assertThat(events).filteredOn(RunContent.class::isInstance)
			.extracting((event) -> ((RunContent) event).content())
			.containsExactlyElementsOf(ScriptedChatModel.CHUNKS);
		ModelCallCompleted call = (ModelCallCompleted) events.get(5);
		assertThat(call.output()).isEqualTo("It is sunny in Paris.");
		assertThat(call.usage()).isEqualTo(TokenUsage.of(8, 6));
		assertThat(call.parentSpanId()).isEqualTo(events.get(0).spanId());
		assertThat(((RunCompleted) events.get(7)).metrics().usage()).isEqualTo(TokenUsage.of(8, 6));
	}

	@Test
	void aStreamedResponseWithToolsRecordsTheToolsSpringAiRunsOnReactorThreadsAsChildrenOfTheRun() throws IOException {
		runner().run((context) -> {
			List<String> chunks = context.getBean(WeatherAgent.class)
				.streamWithTools("user-8", "Weather in Paris?")
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(chunks).isEqualTo(ScriptedChatModel.CHUNKS);
			assertThat(context.getBean(WeatherTools.class).calls()).isEqualTo(2);
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-8.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted", "RunContent",
					"RunContent", "RunContent", "ModelCallCompleted", "RunContentCompleted", "RunCompleted");
		assertThat(events.subList(1, events.size() - 1)).filteredOn((event) -> event.parentSpanId() != null)
			.hasSize(8)
			.allSatisfy((event) -> assertThat(event.parentSpanId()).isEqualTo(events.get(0).spanId()));
		assertThat(events).filteredOn(ToolCallCompleted.class::isInstance)
			.extracting((event) -> ((ToolCallCompleted) event).tool().callId())
			.containsExactly("call_weather_1", "call_forecast_2");
		assertThat(((RunCompleted) events.get(13)).metrics().usage()).isEqualTo(new TokenUsage(108, 26, 134));
	}

	@Test
	void aChatClientCallWithNoAnnotationIsARunOfItsOwnNamedAfterTheApplication() throws IOException {
		runner().withPropertyValues("spring.application.name=weather-app").run((context) -> {
			assertThat(context.getBean(WeatherAgent.class).untraced("Weather in Paris?")).startsWith("Paris:");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("default.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		RunStarted run = (RunStarted) events.get(0);
		assertThat(run.agentName()).isEqualTo("weather-app");
		assertThat(run.input()).isEqualTo("Weather in Paris?");
		assertThat(events.subList(1, events.size() - 1))
			.allSatisfy((event) -> assertThat(event.parentSpanId()).isEqualTo(run.spanId()));
		RunCompleted completed = (RunCompleted) events.get(9);
		assertThat(completed.metrics().usage()).isEqualTo(new TokenUsage(140, 32, 172));
		assertThat(completed.output())
			.isEqualTo("Paris: weather=\"sunny in Paris\" forecast=\"dry for 2 days in Paris\"");
	}

	@Test
	void aStreamedChatClientCallWithNoAnnotationIsARunWithItsContentChunks() throws IOException {
		runner().withPropertyValues("tracing.spring-ai.agent-name=Streaming Agent").run((context) -> {
			List<String> chunks = context.getBean(WeatherAgent.class)
				.untracedStream("Weather in Paris?")
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(chunks).isEqualTo(ScriptedChatModel.CHUNKS);
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("default.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "RunContent", "RunContent", "RunContent",
					"ModelCallCompleted", "RunContentCompleted", "RunCompleted");
		assertThat(((RunStarted) events.get(0)).agentName()).isEqualTo("Streaming Agent");
		assertThat(((RunCompleted) events.get(7)).output()).isEqualTo("It is sunny in Paris.");
		assertThat(((RunCompleted) events.get(7)).metrics().usage()).isEqualTo(TokenUsage.of(8, 6));
	}

	@Test
	void insideATracedRunAChatClientCallIsNotASecondRun() throws IOException {
		runner().run((context) -> {
			context.getBean(WeatherAgent.class).answer("user-43", "Weather in Paris?");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-43.jsonl"));
		assertThat(events).filteredOn(RunStarted.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((RunStarted) event).agentName()).isEqualTo("Weather Agent"));
		assertThat(this.traces.resolve("default.jsonl")).doesNotExist();
	}

	@Test
	void withAutomaticRunsOffRecordsNothingForSpringAiCallsOutsideAnyRun() {
		runner().withPropertyValues("tracing.spring-ai.auto-runs=false").run((context) -> {
			assertThat(context.getBean(WeatherAgent.class).untraced("Weather in Paris?")).startsWith("Paris:");
			context.close();
		});
		assertThat(this.traces).isEmptyDirectory();
	}

	@Test
	void switchedOffByPropertyTheRunIsTracedWithoutItsModelAndSpringAiToolCalls() throws IOException {
		runner().withPropertyValues("tracing.spring-ai.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SpringAiTracingAutoConfiguration.class)
				.doesNotHaveBean(ChatClientBuilderCustomizer.class);
			assertThat(context.getBean(ToolCallingManager.class)).isNotInstanceOf(TracingToolCallingManager.class);
			context.getBean(WeatherAgent.class).answer("user-42", "Weather in Paris?");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		// its @TracedTool
		assertThat(((ToolCallCompleted) events.get(2)).tool().name()).isEqualTo("forecast");
	}

	@Test
	void decoratesSpringAisToolCallingManagerAndAddsTheAdvisorsToTheChatClientBuilder() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(SpringAiTracingAutoConfiguration.class)
				.hasBean("agentTracingChatClientCustomizer");
			assertThat(context.getBean(ToolCallingManager.class)).isInstanceOf(TracingToolCallingManager.class);
			assertThat(context.getBean(ChatClient.Builder.class)).isNotNull();
		});
	}

	@Test
	void leavesOutSpringAisDuplicateSpansWithAnObservationPredicate() {
		runner().run((context) -> assertThat(keepsSpringAisChatSpanInARun(context)).isFalse());
	}

	@Test
	void keepsSpringAisSpansWhenAskedTo() {
		runner().withPropertyValues("tracing.spring-ai.keep-spring-ai-spans=true")
			.run((context) -> assertThat(keepsSpringAisChatSpanInARun(context)).isTrue());
	}

	@Test
	void keepsSpringAisSpansWhenRunsMakeNoObservations() {
		runner().withPropertyValues("tracing.observations.enabled=false")
			.run((context) -> assertThat(keepsSpringAisChatSpanInARun(context)).isTrue());
	}

	private static boolean keepsSpringAisChatSpanInARun(ApplicationContext context) {
		ObservationPredicate predicate = context.getBean("agentTracingSpringAiObservationPredicate",
				ObservationPredicate.class);
		AgentRun run = context.getBean(AgentTracer.class).newRun("Agent").start();
		try (Scope scope = run.makeCurrent()) {
			return predicate.test("gen_ai.client.operation",
					ChatModelObservationContext.builder().prompt(new Prompt("hi")).provider("openai").build());
		}
		finally {
			run.complete();
		}
	}

	@Test
	void aCustomizerBeanOfTheSameNameReplacesTheAdvisorsButToolsAreStillRecorded() throws IOException {
		runner().withBean("agentTracingChatClientCustomizer", ChatClientBuilderCustomizer.class, () -> (builder) -> {
		}).run((context) -> {
			context.getBean(WeatherAgent.class).answer("user-42", "Weather in Paris?");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "RunCompleted");
	}

	@Configuration(proxyBeanMethods = false)
	static class WeatherConfiguration {

		@Bean
		ScriptedChatModel chatModel() {
			return new ScriptedChatModel();
		}

		@Bean
		WeatherTools weatherTools() {
			return new WeatherTools();
		}

		@Bean
		WeatherAgent weatherAgent(ChatClient.Builder builder, WeatherTools tools) {
			return new WeatherAgent(builder, tools);
		}

	}

}
