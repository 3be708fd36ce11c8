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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real web application whose agent calls Spring AI's OpenAI client through a
 * {@code ChatClient} with two tools, against a scripted OpenAI-compatible server, with
 * Spring AI's own observations active: a real Zipkin server then holds, for each HTTP
 * request, the HTTP server span, an {@code invoke_agent} child and under it (directly, or
 * under Spring AI's {@code chat_client} span when that is current on the calling thread)
 * exactly two {@code chat} and two {@code execute_tool} spans, streamed and not. With
 * {@code tracing.observations.enabled=false} the same application shows Spring AI's own
 * spans.
 */
class SpringAiOpenAiZipkinIntegrationTests {

	static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path workDir;

	static ZipkinServer zipkin;

	static ScriptedOpenAiServer openAi;

	private static ConfigurableApplicationContext app;

	private static String appUrl;

	@BeforeAll
	static void start() throws Exception {
		zipkin = ZipkinServer.start(workDir);
		openAi = ScriptedOpenAiServer.start();
		app = startApplication("support-agent", workDir.resolve("traces"));
		appUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
	}

	static ConfigurableApplicationContext startApplication(String name, Path traces, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.application.name=" + name, "--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.baseUrl() + "/api/v2/spans",
				"--spring.ai.openai.api-key=test-key", "--spring.ai.openai.base-url=" + openAi.baseUrl() + "/v1",
				"--spring.ai.openai.chat.options.model=" + ScriptedOpenAiServer.MODEL,
				"--spring.ai.openai.chat.options.stream-usage=true", "--tracing.jsonl.dir=" + traces));
		args.addAll(List.of(more));
		return SpringApplication.run(AgentApplication.class, args.toArray(String[]::new));
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		if (openAi != null) {
			openAi.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aChatClientCallWithTwoToolsIsOneChatSpanPerModelCallAndOneExecuteToolSpanPerTool() throws Exception {
		assertOneSpanPerCall("call", "openai-call");
	}

	@Test
	void aStreamedChatClientCallWithTwoToolsIsOneChatSpanPerModelCallAndOneExecuteToolSpanPerTool() throws Exception {
		assertOneSpanPerCall("stream", "openai-stream");
	}

	private void assertOneSpanPerCall(String path, String session) throws Exception {
		HttpResponse<String> response = get(appUrl + "/" + path + "?session=" + session + "&question=refund");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(ScriptedOpenAiServer.ANSWER);

		List<Map<String, Object>> trace = awaitTrace("support-agent", session, 6);
		System.out.println("Zipkin trace of " + path + ": " + describe(trace));
		Map<String, Object> server = single(trace, (span) -> "SERVER".equals(span.get("kind")));
		Map<String, Object> agent = single(trace, (span) -> "invoke_agent".equals(tag(span, "gen_ai.operation.name")));
		assertThat(agent.get("parentId")).isEqualTo(server.get("id"));
		List<Map<String, Object>> chats = trace.stream().filter(SpringAiOpenAiZipkinIntegrationTests::isChat).toList();
		List<Map<String, Object>> tools = trace.stream().filter(SpringAiOpenAiZipkinIntegrationTests::isTool).toList();
		assertThat(chats).as(describe(trace)).hasSize(2);
		assertThat(tools).as(describe(trace)).hasSize(2);
		assertThat(trace).as(describe(trace))
			.noneMatch((span) -> String.valueOf(span.get("name")).contains("agent-tracing"));
		// children of the run, or of Spring AI's chat_client span when that is current
		List<Object> parents = new java.util.ArrayList<>();
		parents.add(agent.get("id"));
		trace.stream()
			.filter((span) -> "spring_ai chat_client".equals(span.get("name")))
			.forEach((span) -> parents.add(span.get("id")));
		assertThat(parents).hasSizeLessThanOrEqualTo(2);
		assertThat(chats).allSatisfy((chat) -> assertThat(chat.get("parentId")).isIn(parents));
		assertThat(tools).allSatisfy((tool) -> assertThat(tool.get("parentId")).isIn(parents));
		trace.stream()
			.filter((span) -> "spring_ai chat_client".equals(span.get("name")))
			.forEach((span) -> assertThat(span.get("parentId")).isEqualTo(agent.get("id")));

		assertThat(tags(agent)).containsEntry("gen_ai.agent.name", "Support Agent")
			.containsEntry("gen_ai.request.model", ScriptedOpenAiServer.MODEL)
			.containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.conversation.id", session);
		assertThat(chats).allSatisfy((chat) -> assertThat(tags(chat)).containsEntry("gen_ai.operation.name", "chat")
			.containsEntry("gen_ai.request.model", ScriptedOpenAiServer.MODEL)
			.containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.agent.name", "Support Agent")
			.containsEntry("gen_ai.conversation.id", session)
			.containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.response.finish_reasons")
			.containsEntry("gen_ai.response.model", ScriptedOpenAiServer.MODEL)
			.containsKey("gen_ai.response.id")
			.doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages"));
		assertThat(chats).extracting((chat) -> tag(chat, "gen_ai.usage.input_tokens"))
			.containsExactlyInAnyOrder("52", "97");
		assertThat(chats).extracting((chat) -> String.valueOf(tag(chat, "gen_ai.response.finish_reasons")))
			.anySatisfy((reasons) -> assertThat(reasons.toLowerCase()).contains("tool_call"))
			.anySatisfy((reasons) -> assertThat(reasons.toLowerCase()).contains("stop"));
		assertThat(tools).extracting((tool) -> tag(tool, "gen_ai.tool.name"))
			.containsExactlyInAnyOrder("lookup_ticket", "search_kb");
		assertThat(tools).extracting((tool) -> tag(tool, "gen_ai.tool.call.id"))
			.containsExactlyInAnyOrder("call_ticket", "call_kb");
		assertThat(tools)
			.allSatisfy((tool) -> assertThat(tags(tool)).containsEntry("gen_ai.operation.name", "execute_tool")
				.containsEntry("gen_ai.tool.type", "function"));
	}

	@Test
	void withContentOnTheChatSpansCarryTheRedactedMessagesInTheConventionsStructure() throws Exception {
		String secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";
		try (ConfigurableApplicationContext content = startApplication("content-agent",
				workDir.resolve("content-traces"), "--tracing.observations.include-content=true")) {
			String url = "http://127.0.0.1:" + content.getEnvironment().getProperty("local.server.port");
			HttpResponse<String> response = get(url + "/call?session=content-1&question=refund%20" + secret);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			List<Map<String, Object>> trace = awaitTrace("content-agent", "content-1", 6);
			String all = mapper.writeValueAsString(trace);
			assertThat(all).doesNotContain(secret).contains("[REDACTED]");
			List<Map<String, Object>> chats = trace.stream()
				.filter(SpringAiOpenAiZipkinIntegrationTests::isChat)
				.toList();
			assertThat(chats).hasSize(2).allSatisfy((chat) -> {
				List<Map<String, Object>> input = mapper.readValue(String.valueOf(tag(chat, "gen_ai.input.messages")),
						new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {
						});
				assertThat(input).isNotEmpty()
					.allSatisfy((message) -> assertThat(message).containsKeys("role", "parts"));
				assertThat(input).anySatisfy((message) -> assertThat(message).containsEntry("role", "user"));
				List<Map<String, Object>> output = mapper.readValue(String.valueOf(tag(chat, "gen_ai.output.messages")),
						new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {
						});
				assertThat(output).singleElement()
					.satisfies(
							(message) -> assertThat(message).containsEntry("role", "assistant").containsKey("parts"));
			});
			assertThat(String.valueOf(tag(chats.get(0), "gen_ai.input.messages"))
					+ tag(chats.get(1), "gen_ai.input.messages"))
				.contains("[REDACTED]");
		}
	}

	@Test
	void withoutTheRunsObservationsSpringAiKeepsItsOwnChatAndToolSpans() throws Exception {
		try (ConfigurableApplicationContext plain = startApplication("plain-agent", workDir.resolve("plain-traces"),
				"--tracing.observations.enabled=false")) {
			String url = "http://127.0.0.1:" + plain.getEnvironment().getProperty("local.server.port");
			HttpResponse<String> response = get(url + "/call?session=plain-1&question=refund");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(ScriptedOpenAiServer.ANSWER);
			List<Map<String, Object>> trace = awaitServiceTrace("plain-agent", 8);
			System.out.println("Zipkin trace with tracing.observations.enabled=false: " + describe(trace));
			List<Map<String, Object>> chats = trace.stream()
				.filter(SpringAiOpenAiZipkinIntegrationTests::isChat)
				.toList();
			List<Map<String, Object>> tools = trace.stream()
				.filter(SpringAiOpenAiZipkinIntegrationTests::isTool)
				.toList();
			assertThat(chats).as(describe(trace)).hasSize(2);
			assertThat(tools).as(describe(trace)).hasSize(2);
			assertThat(trace).as(describe(trace))
				.noneMatch((span) -> "invoke_agent".equals(tag(span, "gen_ai.operation.name")));
			assertThat(chats).allSatisfy((chat) -> assertThat(tags(chat)).containsEntry("gen_ai.operation.name", "chat")
				.containsEntry("gen_ai.request.model", ScriptedOpenAiServer.MODEL)
				.containsEntry("gen_ai.response.model", ScriptedOpenAiServer.MODEL)
				.containsKeys("gen_ai.response.id", "gen_ai.usage.input_tokens", "gen_ai.response.finish_reasons"));
			assertThat(tools).extracting((tool) -> tool.get("name"))
				.containsExactlyInAnyOrder("execute_tool lookup_ticket", "execute_tool search_kb");
			assertThat(trace).extracting((span) -> span.get("name")).contains("spring_ai chat_client", "call");
			// the tracing advisors open no spans, whatever the switches
			assertThat(trace).noneMatch((span) -> String.valueOf(span.get("name")).contains("agent-tracing"));
		}
	}

	/** The one trace of a service, once it has settled. */
	static List<Map<String, Object>> awaitServiceTrace(String service, int atLeast) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<List<Map<String, Object>>> traces = List.of();
		int seen = -1;
		while (System.nanoTime() < deadline) {
			traces = mapper.readValue(zipkin.get("/api/v2/traces?serviceName=" + service + "&limit=10"), TRACES);
			List<List<Map<String, Object>>> withServer = traces.stream()
				.filter((trace) -> trace.stream().anyMatch((span) -> "SERVER".equals(span.get("kind"))))
				.toList();
			if (withServer.size() == 1 && withServer.get(0).size() >= atLeast) {
				if (withServer.get(0).size() == seen) {
					return withServer.get(0);
				}
				seen = withServer.get(0).size();
				Thread.sleep(1500);
				continue;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Zipkin did not receive one trace of " + atLeast + " spans within 60 s: " + traces);
	}

	static boolean isChat(Map<String, Object> span) {
		return "chat".equals(tag(span, "gen_ai.operation.name"))
				|| String.valueOf(span.get("name")).startsWith("chat ");
	}

	static boolean isTool(Map<String, Object> span) {
		return "execute_tool".equals(tag(span, "gen_ai.operation.name"))
				|| String.valueOf(span.get("name")).startsWith("execute_tool");
	}

	static String describe(List<Map<String, Object>> trace) {
		Map<Object, Object> names = new java.util.HashMap<>();
		trace.forEach((span) -> names.put(span.get("id"), span.get("name")));
		return trace.stream()
			.map((span) -> span.get("name") + " <- " + names.getOrDefault(span.get("parentId"), "-"))
			.sorted()
			.toList()
			.toString();
	}

	/** The one trace with the session's conversation id, once it has settled. */
	static List<Map<String, Object>> awaitTrace(String service, String session, int atLeast) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<List<Map<String, Object>>> traces = List.of();
		int seen = -1;
		while (System.nanoTime() < deadline) {
			String body = zipkin.get("/api/v2/traces?serviceName=" + service + "&limit=10&annotationQuery="
					+ "gen_ai.conversation.id%3D" + session);
			traces = mapper.readValue(body, TRACES);
			// the HTTP server span ends last, after a streamed answer is written
			if (traces.size() == 1 && traces.get(0).size() >= atLeast
					&& traces.get(0).stream().anyMatch((span) -> "SERVER".equals(span.get("kind")))) {
				// give late spans a moment to arrive
				if (traces.get(0).size() == seen) {
					return traces.get(0);
				}
				seen = traces.get(0).size();
				Thread.sleep(1500);
				continue;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Zipkin did not receive one trace of " + atLeast + " spans within 60 s: " + traces);
	}

	static Map<String, Object> single(List<Map<String, Object>> spans, Predicate<Map<String, Object>> condition) {
		List<Map<String, Object>> found = spans.stream().filter(condition).toList();
		assertThat(found).as("spans matching in %s", describe(spans)).hasSize(1);
		return found.get(0);
	}

	static Object tag(Map<String, Object> span, String key) {
		Map<String, Object> tags = tags(span);
		return (tags != null) ? tags.get(key) : null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> tags(Map<String, Object> span) {
		Object tags = span.get("tags");
		return (tags != null) ? (Map<String, Object>) tags : Map.of();
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
	@Import({ SupportAgent.class, SupportTools.class, AgentController.class })
	static class AgentApplication {

	}

	@RestController
	static class AgentController {

		private final SupportAgent agent;

		AgentController(SupportAgent agent) {
			this.agent = agent;
		}

		@GetMapping("/call")
		String call(@RequestParam String session, @RequestParam String question) {
			return this.agent.answer(session, question);
		}

		@GetMapping("/stream")
		String stream(@RequestParam String session, @RequestParam String question) {
			return this.agent.stream(session, question);
		}

	}

	@Component
	static class SupportAgent {

		private final ChatClient chatClient;

		private final SupportTools tools;

		SupportAgent(ChatClient.Builder builder, SupportTools tools) {
			this.chatClient = builder.build();
			this.tools = tools;
		}

		@TracedRun("Support Agent")
		public String answer(@SessionId String session, String question) {
			return this.chatClient.prompt().user(question).tools(this.tools).call().content();
		}

		@TracedRun("Support Agent")
		public String stream(@SessionId String session, String question) {
			List<String> chunks = this.chatClient.prompt()
				.user(question)
				.tools(this.tools)
				.stream()
				.content()
				.collectList()
				.block(Duration.ofSeconds(30));
			return (chunks != null) ? String.join("", chunks) : "";
		}

	}

	@Component
	static class SupportTools {

		@Tool(name = "lookup_ticket", description = "Looks up a support ticket")
		public String lookupTicket(int id) {
			return "ticket " + id;
		}

		@Tool(name = "search_kb", description = "Searches the knowledge base")
		public String searchKb(String query) {
			return query + " policy";
		}

	}

}
