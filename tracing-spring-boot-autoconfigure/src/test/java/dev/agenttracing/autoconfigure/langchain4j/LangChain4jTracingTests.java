package dev.agenttracing.autoconfigure.langchain4j;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
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
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LangChain4j application: AI services built with {@code AiServices} over a
 * deterministic model that asks for two tools, with no tracing annotation on them.
 */
class LangChain4jTracingTests {

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
					LangChain4jTracingAutoConfiguration.class))
			.withUserConfiguration(AssistantConfiguration.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void anAiServiceCallWithNoAnnotationIsARunWithItsModelCallsAndBothToolsAndTheSummedUsage() throws IOException {
		runner().run((context) -> {
			String answer = context.getBean(Assistant.class).chat("user-42", "Weather in Paris?");
			assertThat(answer).isEqualTo("Answer: weather=sunny in Paris; forecast=dry for 2 days in Paris;");
			assertThat(context.getBean(WeatherTools.class).calls).hasValue(2);
			assertThat(context.getBean(WeatherTools.class).ranInRun).isTrue();
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		RunStarted run = (RunStarted) events.get(0);
		assertThat(run.agentName()).isEqualTo("Assistant");
		assertThat(run.model()).isEqualTo(ScriptedChatModel.MODEL);
		assertThat(events.subList(1, events.size() - 1))
			.allSatisfy((event) -> assertThat(event.parentSpanId()).isEqualTo(run.spanId()));
		assertThat(events).allSatisfy((event) -> assertThat(event.runId()).isEqualTo(run.runId()));

		ModelCallStarted firstStart = (ModelCallStarted) events.get(1);
		assertThat(firstStart.call().model()).isEqualTo(ScriptedChatModel.MODEL);
		assertThat(firstStart.call().provider()).isEqualTo("ollama");
		assertThat(firstStart.call().input())
			.isEqualTo(List.of(Map.of("role", "user", "content", "Weather in Paris?")));
		ModelCallCompleted first = (ModelCallCompleted) events.get(2);
		assertThat(first.usage()).isEqualTo(new TokenUsage(100, 20, 120));
		assertThat(first.finishReason()).isEqualTo("tool_calls");
		assertThat(first.output()).isEqualTo(Map.of("tool_calls", List.of(
				Map.of("id", "call_weather_1", "name", "weather", "arguments", Map.of("city", "Paris")),
				Map.of("id", "call_forecast_2", "name", "forecast", "arguments", Map.of("city", "Paris", "days", 2)))));

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

		ModelCallCompleted second = (ModelCallCompleted) events.get(8);
		assertThat(second.usage()).isEqualTo(new TokenUsage(40, 12, 52));
		assertThat(second.finishReason()).isEqualTo("stop");
		assertThat((List<?>) ((ModelCallStarted) events.get(7)).call().input()).hasSize(4);

		RunCompleted completed = (RunCompleted) events.get(9);
		assertThat(completed.metrics().usage()).isEqualTo(new TokenUsage(140, 32, 172));
		assertThat(completed.tools()).containsExactly("weather", "forecast");
		assertThat(completed.output()).isEqualTo(second.output());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theSameRunReachesCelestoAsOneTraceWithAnAgentSpanTwoGenerationSpansAndTwoFunctionSpans() {
		runner().withPropertyValues(this.celesto.properties()).run((context) -> {
			context.getBean(Assistant.class).chat("user-42", "Weather in Paris?");
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
		Map<String, List<Map<String, Object>>> byType = new TreeMap<>();
		for (Map<String, Object> span : spans) {
			String type = (String) ((Map<String, Object>) span.get("span_data")).get("type");
			byType.computeIfAbsent(type, (key) -> new ArrayList<>()).add(span);
		}
		assertThat(byType).containsOnlyKeys("agent", "generation", "function");
		assertThat(byType.get("agent")).hasSize(1);
		Object agentSpan = byType.get("agent").get(0).get("span_id");
		assertThat(byType.get("generation")).hasSize(2).allSatisfy((span) -> {
			assertThat(span.get("parent_id")).isEqualTo(agentSpan);
			assertThat((Map<String, Object>) span.get("span_data")).containsEntry("model", ScriptedChatModel.MODEL)
				.containsKeys("input", "output", "usage");
		});
		assertThat(byType.get("function")).hasSize(2)
			.allSatisfy((span) -> assertThat(span.get("parent_id")).isEqualTo(agentSpan))
			.extracting((span) -> ((Map<String, Object>) span.get("span_data")).get("name"))
			.containsExactlyInAnyOrder("weather", "forecast");
	}

	@Test
	void aFailingToolIsAToolCallErrorAndTheModelGetsTheErrorAsItsResult() throws IOException {
		runner().run((context) -> {
			String answer = context.getBean(Assistant.class).chat("user-9", "Where is ticket 7?");
			assertThat(answer).isEqualTo("Answer: lookup_ticket=ticket store is down;");
			ScriptedChatModel model = context.getBean(ScriptedChatModel.class);
			assertThat(model.requests.get(1).messages()).last()
				.isInstanceOfSatisfying(ToolExecutionResultMessage.class,
						(result) -> assertThat(result.text()).isEqualTo("ticket store is down"));
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-9.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted", "ToolCallError",
					"ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		ToolCallError error = (ToolCallError) events.get(4);
		assertThat(error.tool().callId()).isEqualTo("call_ticket_1");
		assertThat(error.tool().name()).isEqualTo("lookup_ticket");
		assertThat(error.error()).isEqualTo("ticket store is down");
		assertThat(error.errorType()).isEqualTo("IllegalStateException");
	}

	@Test
	void aStreamedAnswerIsRecordedAsRunContentChunksInOrderWithTheToolsTheModelThreadRuns() throws Exception {
		runner().run((context) -> {
			List<String> chunks = new CopyOnWriteArrayList<>();
			CompletableFuture<ChatResponse> done = new CompletableFuture<>();
			context.getBean(StreamingAssistant.class)
				.stream("user-7", "Weather in Paris?")
				.onPartialResponse(chunks::add)
				.onCompleteResponse(done::complete)
				.onError(done::completeExceptionally)
				.start();
			done.get(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(chunks).isEqualTo(ScriptedChatModel.CHUNKS);
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-7.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted", "RunContent",
					"RunContent", "RunContent", "ModelCallCompleted", "RunContentCompleted", "RunCompleted");
		assertThat(events).filteredOn(RunContent.class::isInstance)
			.extracting((event) -> ((RunContent) event).content())
			.containsExactlyElementsOf(ScriptedChatModel.CHUNKS);
		assertThat(events.subList(1, events.size() - 1)).filteredOn((event) -> event.parentSpanId() != null)
			.hasSize(8)
			.allSatisfy((event) -> assertThat(event.parentSpanId()).isEqualTo(events.get(0).spanId()));
		RunCompleted completed = (RunCompleted) events.get(13);
		assertThat(completed.output()).isEqualTo("It is sunny in Paris.");
		assertThat(completed.metrics().usage()).isEqualTo(new TokenUsage(108, 26, 134));
	}

	@Test
	void insideATracedRunTheAiServiceAddsItsCallsToThatRun() throws IOException {
		runner().run((context) -> {
			assertThat(context.getBean(SupportDesk.class).answer("user-5", "Weather in Paris?")).startsWith("Answer:");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-5.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
		assertThat(((RunStarted) events.get(0)).agentName()).isEqualTo("Support Desk");
	}

	@Test
	void aToolThatIsAlsoATracedToolIsRecordedOnceWithTheModelsCallId() throws IOException {
		runner().withPropertyValues("spring.aop.proxy-target-class=false")
			.withUserConfiguration(TracedToolConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(TicketTool.class)).isInstanceOf(java.lang.reflect.Proxy.class);
				assertThat(context.getBean(TicketAssistant.class).chat("user-6", "Where is ticket 7?"))
					.isEqualTo("Answer: lookup_ticket=ticket 7 is open;");
				context.close();
			});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-6.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		ToolCallCompleted tool = (ToolCallCompleted) events.get(4);
		assertThat(tool.tool().callId()).isEqualTo("call_ticket_1");
		assertThat(tool.result()).isEqualTo("ticket 7 is open");
	}

	@Test
	void toolsRunOnLangChain4jsExecutorStayChildrenOfTheRun() throws IOException {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		WeatherTools tools = new WeatherTools();
		try {
			runner().run((context) -> {
				Assistant assistant = context.getBean(LangChain4jTracing.class)
					.trace(AiServices.builder(Assistant.class)
						.chatModel(new ScriptedChatModel())
						.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
						.tools(tools)
						.executeToolsConcurrently(executor)
						.build());
				assertThat(assistant.chat("user-2", "Weather in Paris?")).startsWith("Answer:");
				context.close();
			});
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(tools.ranInRun).isTrue();
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-2.jsonl"));
		assertThat(events).hasSize(10);
		assertThat(events).filteredOn(ToolCallCompleted.class::isInstance)
			.extracting((event) -> ((ToolCallCompleted) event).tool().callId())
			.containsExactlyInAnyOrder("call_weather_1", "call_forecast_2");
		assertThat(events.subList(1, events.size() - 1))
			.allSatisfy((event) -> assertThat(event.parentSpanId()).isEqualTo(events.get(0).spanId()));
	}

	@Test
	void anAiServiceBuiltByHandIsTracedWithOneLine() throws IOException {
		runner().run((context) -> {
			Assistant assistant = context.getBean(LangChain4jTracing.class)
				.trace(AiServices.builder(Assistant.class)
					.chatModel(new ScriptedChatModel())
					.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
					.tools(new WeatherTools())
					.build());
			assertThat(assistant.chat("user-3", "Weather in Paris?")).startsWith("Answer:");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-3.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "ModelCallStarted",
					"ModelCallCompleted", "RunCompleted");
	}

	@Test
	void theAgentNameAndModelOfATracedRunOnTheInterfaceMethodNameTheOneRun() throws IOException {
		runner().withUserConfiguration(NamedAssistantConfiguration.class).run((context) -> {
			context.getBean(NamedAssistant.class).chat("user-4", "Weather in Paris?");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-4.jsonl"));
		assertThat(events).filteredOn(RunStarted.class::isInstance).singleElement().satisfies((event) -> {
			assertThat(((RunStarted) event).agentName()).isEqualTo("Weather Agent");
			assertThat(((RunStarted) event).model()).isEqualTo("weather-model");
		});
		assertThat(events).hasSize(10);
	}

	@Test
	void aServiceBuiltByHandCanBeNamedInTheTracing() throws IOException {
		runner().run((context) -> {
			LangChain4jTracing tracing = new LangChain4jTracing(context.getBean(AgentTracer.class),
					Map.of("Assistant", "Desk Agent"));
			Assistant assistant = tracing.trace(AiServices.builder(Assistant.class)
				.chatModel(new ScriptedChatModel())
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(new WeatherTools())
				.build());
			assistant.chat("user-8", "Weather in Paris?");
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-8.jsonl"));
		assertThat(((RunStarted) events.get(0)).agentName()).isEqualTo("Desk Agent");
	}

	@Test
	void aChatModelCalledDirectlyInsideARunIsAModelCallOfIt() throws IOException {
		runner().run((context) -> {
			ChatModel model = LangChain4jTracing.chatModel(new ScriptedChatModel());
			context.getBean(AgentTracer.class)
				.newRun("Direct Agent")
				.sessionId("user-11")
				.call(() -> model.chat(dev.langchain4j.data.message.UserMessage.from("Weather in Paris?")));
			assertThat(model.chat("Weather in Paris?")).isNull();
			context.close();
		});
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-11.jsonl"));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		assertThat(((ModelCallCompleted) events.get(2)).usage()).isEqualTo(new TokenUsage(100, 20, 120));
	}

	@Test
	void switchedOffByPropertyTheAiServicesAreLeftAsTheyAre() {
		runner().withPropertyValues("tracing.langchain4j.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LangChain4jTracing.class)
				.doesNotHaveBean("agentTracingAiServicePostProcessor");
			assertThat(context.getBean(Assistant.class).chat("user-1", "Weather in Paris?")).startsWith("Answer:");
			context.close();
		});
		assertThat(this.traces.resolve("user-1.jsonl")).doesNotExist();
	}

	@Test
	void withoutLangChain4jOnTheClassPathNothingOfItLoads() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader("dev.langchain4j"))
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, LangChain4jTracingAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangChain4jTracingAutoConfiguration.class)
				.doesNotHaveBean(LangChain4jTracing.class)
				.doesNotHaveBean("agentTracingAiServicePostProcessor"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AssistantConfiguration {

		@Bean
		ScriptedChatModel scriptedChatModel() {
			return new ScriptedChatModel();
		}

		@Bean
		WeatherTools weatherTools() {
			return new WeatherTools();
		}

		@Bean
		Assistant assistant(ScriptedChatModel model, WeatherTools tools) {
			return AiServices.builder(Assistant.class)
				.chatModel(model)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(tools)
				.build();
		}

		@Bean
		StreamingAssistant streamingAssistant(ScriptedChatModel model, WeatherTools tools) {
			return AiServices.builder(StreamingAssistant.class)
				.streamingChatModel(model)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(tools)
				.build();
		}

		@Bean
		SupportDesk supportDesk(Assistant assistant) {
			return new SupportDesk(assistant);
		}

	}

	/** A tool interface, as LangChain4j reads {@code @Tool} on a JDK proxy. */
	public interface TicketTool {

		@Tool(name = "lookup_ticket", value = "Looks a ticket up")
		String lookup(@P("the ticket id") int id);

	}

	/** The tool, also a traced tool. */
	public static class TracedTicketTool implements TicketTool {

		@Override
		@TracedTool("lookup_ticket")
		public String lookup(int id) {
			return "ticket " + id + " is open";
		}

	}

	/** An AI service with the traced tool. */
	public interface TicketAssistant {

		String chat(@MemoryId String user, @UserMessage String question);

	}

	@Configuration(proxyBeanMethods = false)
	static class TracedToolConfiguration {

		@Bean
		TicketTool ticketTool() {
			return new TracedTicketTool();
		}

		@Bean
		TicketAssistant ticketAssistant(ScriptedChatModel model, TicketTool tool) {
			return AiServices.builder(TicketAssistant.class)
				.chatModel(model)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(tool)
				.build();
		}

	}

	/** An AI service whose method names its run. */
	public interface NamedAssistant {

		@TracedRun(value = "Weather Agent", model = "weather-model")
		String chat(@MemoryId String user, @UserMessage String question);

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedAssistantConfiguration {

		@Bean
		NamedAssistant namedAssistant(ScriptedChatModel model, WeatherTools tools) {
			return AiServices.builder(NamedAssistant.class)
				.chatModel(model)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(tools)
				.build();
		}

	}

	/** An annotated run that calls the AI service. */
	public static class SupportDesk {

		private final Assistant assistant;

		SupportDesk(Assistant assistant) {
			this.assistant = assistant;
		}

		@TracedRun("Support Desk")
		public String answer(@SessionId String user, String question) {
			return this.assistant.chat(user, question);
		}

	}

}
