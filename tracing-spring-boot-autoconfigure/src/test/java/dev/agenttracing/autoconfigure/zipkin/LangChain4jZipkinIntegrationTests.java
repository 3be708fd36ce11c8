package dev.agenttracing.autoconfigure.zipkin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.autoconfigure.langchain4j.Assistant;
import dev.agenttracing.autoconfigure.langchain4j.ScriptedChatModel;
import dev.agenttracing.autoconfigure.langchain4j.WeatherTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real web application whose LangChain4j AI service (no tracing annotation) answers an
 * HTTP request with two tools: a real Zipkin server then holds one trace with an
 * {@code invoke_agent} span under the HTTP server span, and two {@code chat} and two
 * {@code execute_tool} spans under it.
 */
class LangChain4jZipkinIntegrationTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path workDir;

	private static ZipkinServer zipkin;

	private static ConfigurableApplicationContext app;

	private static String appUrl;

	@BeforeAll
	static void start() throws Exception {
		zipkin = ZipkinServer.start(workDir);
		app = SpringApplication.run(AssistantApplication.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.application.name=weather-assistant", "--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.baseUrl() + "/api/v2/spans",
				"--tracing.jsonl.dir=" + workDir.resolve("traces"));
		appUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void anAiServiceCallBecomesAnInvokeAgentSpanWithItsChatAndExecuteToolSpans() throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create(appUrl + "/ask?session=lc4j-1&question=Weather%20in%20Paris%3F"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Answer:");

		List<Map<String, Object>> trace = awaitTrace("lc4j-1");
		Map<String, Object> server = single(trace, (span) -> "SERVER".equals(span.get("kind")));
		Map<String, Object> agent = single(trace, (span) -> "invoke_agent assistant".equals(span.get("name")));
		assertThat(agent.get("parentId")).isEqualTo(server.get("id"));
		List<Map<String, Object>> chats = named(trace, "chat");
		List<Map<String, Object>> tools = named(trace, "execute_tool");
		assertThat(chats).hasSize(2)
			.allSatisfy((span) -> assertThat(span.get("name")).isEqualTo("chat " + ScriptedChatModel.MODEL))
			.allSatisfy((span) -> assertThat(span.get("parentId")).isEqualTo(agent.get("id")));
		assertThat(tools).hasSize(2)
			.allSatisfy((span) -> assertThat(span.get("parentId")).isEqualTo(agent.get("id")))
			.extracting((span) -> span.get("name"))
			.containsExactlyInAnyOrder("execute_tool weather", "execute_tool forecast");
		assertThat(tools).extracting((span) -> tags(span).get("gen_ai.tool.call.id"))
			.containsExactlyInAnyOrder("call_weather_1", "call_forecast_2");
		assertThat(tags(agent)).containsEntry("gen_ai.operation.name", "invoke_agent")
			.containsEntry("gen_ai.agent.name", "Assistant")
			.containsEntry("gen_ai.conversation.id", "lc4j-1");
	}

	private static List<Map<String, Object>> awaitTrace(String session) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<List<Map<String, Object>>> traces = List.of();
		while (System.nanoTime() < deadline) {
			String body = zipkin.get("/api/v2/traces?serviceName=weather-assistant&limit=10&annotationQuery="
					+ "gen_ai.conversation.id%3D" + session);
			traces = mapper.readValue(body, TRACES);
			if (traces.size() == 1 && traces.get(0).size() >= 6) {
				return traces.get(0);
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Zipkin did not receive one trace of 6 spans within 60 s; it holds " + traces);
	}

	private static Map<String, Object> single(List<Map<String, Object>> spans,
			Predicate<Map<String, Object>> condition) {
		List<Map<String, Object>> found = spans.stream().filter(condition).toList();
		assertThat(found).as("spans matching in %s", spans).hasSize(1);
		return found.get(0);
	}

	private static List<Map<String, Object>> named(List<Map<String, Object>> spans, String operation) {
		return spans.stream().filter((span) -> String.valueOf(span.get("name")).startsWith(operation + " ")).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tags(Map<String, Object> span) {
		return (Map<String, Object>) span.get("tags");
	}

	private static final TypeReference<List<List<Map<String, Object>>>> TRACES = new TypeReference<>() {
	};

	/**
	 * An open application: Spring Security, on this module's test class path for the
	 * viewer, stays out.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
	@Import(AssistantController.class)
	static class AssistantApplication {

		@Bean
		Assistant assistant() {
			return AiServices.builder(Assistant.class)
				.chatModel(new ScriptedChatModel())
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(20))
				.tools(new WeatherTools())
				.build();
		}

	}

	@RestController
	static class AssistantController {

		private final Assistant assistant;

		AssistantController(Assistant assistant) {
			this.assistant = assistant;
		}

		@GetMapping("/ask")
		String ask(@RequestParam String session, @RequestParam String question) {
			return this.assistant.chat(session, question);
		}

	}

}
