package dev.agenttracing.autoconfigure.zipkin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.export.jsonl.TraceFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real web application with Spring Boot's Zipkin support serves one HTTP request that
 * runs an agent with two tools; a real Zipkin server then holds one trace: the HTTP
 * server span, an {@code invoke_agent} child and two {@code execute_tool} grandchildren
 * with the gen_ai tags. The same application shows the {@code agentTracing} health
 * component and the timers and counters.
 */
class ZipkinTracingIntegrationTests {

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
		app = SpringApplication.run(AgentApplication.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.application.name=support-agent", "--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.baseUrl() + "/api/v2/spans",
				"--management.endpoints.web.exposure.include=health,metrics",
				"--management.endpoint.health.show-details=always", "--tracing.jsonl.dir=" + workDir.resolve("traces"));
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

	private static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void oneRequestBecomesOneZipkinTraceWithTheAgentAndItsToolsNestedUnderTheHttpSpan() throws Exception {
		HttpResponse<String> response = get(appUrl + "/ask?session=zipkin-1&question=refund");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ticket 7: refund policy");

		List<Map<String, Object>> trace = awaitTrace("zipkin-1");
		Map<String, Object> server = single(trace, (span) -> "SERVER".equals(span.get("kind")));
		Map<String, Object> agent = single(trace, (span) -> "invoke_agent support agent".equals(span.get("name")));
		List<Map<String, Object>> tools = trace.stream()
			.filter((span) -> String.valueOf(span.get("name")).startsWith("execute_tool"))
			.toList();
		assertThat(agent.get("parentId")).isEqualTo(server.get("id"));
		assertThat(tools).hasSize(2)
			.extracting((span) -> span.get("name"))
			.containsExactlyInAnyOrder("execute_tool lookup_ticket", "execute_tool search_kb");
		assertThat(tools).allSatisfy((tool) -> assertThat(tool.get("parentId")).isEqualTo(agent.get("id")));
		assertThat(tags(agent)).containsEntry("gen_ai.operation.name", "invoke_agent")
			.containsEntry("gen_ai.agent.name", "Support Agent")
			.containsEntry("gen_ai.request.model", "rules-v1")
			.containsEntry("gen_ai.conversation.id", "zipkin-1")
			.containsEntry("error.type", "none");
		assertThat(tools)
			.allSatisfy((tool) -> assertThat(tags(tool)).containsEntry("gen_ai.operation.name", "execute_tool")
				.containsEntry("gen_ai.tool.type", "function")
				.containsKey("gen_ai.tool.name")
				.containsKey("gen_ai.tool.call.id")
				.doesNotContainKey("gen_ai.tool.call.arguments"));

		// the trace file line links to the distributed trace
		Path file = workDir.resolve("traces").resolve("zipkin-1.jsonl");
		List<Map<String, Object>> lines = awaitLines(file, 6);
		String traceId = (String) server.get("traceId");
		assertThat(lines).allSatisfy((line) -> assertThat(line).containsEntry("otel_trace_id", traceId));
		assertThat(lines.get(0)).containsEntry("otel_span_id", agent.get("id"));
	}

	@Test
	void healthShowsTheAgentTracingComponentAndMetricsListTheTimersAndCounters() throws Exception {
		assertThat(get(appUrl + "/ask?session=metrics-1&question=refund").statusCode()).isEqualTo(200);
		HttpResponse<String> health = get(appUrl + "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		Map<String, Object> components = map(map(mapper.readValue(health.body(), MAP)).get("components"));
		Map<String, Object> agentTracing = map(components.get("agentTracing"));
		assertThat(agentTracing).containsEntry("status", "UP");
		assertThat(map(agentTracing.get("details"))).containsKey("JsonlExporter");

		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		String names = "";
		while (System.nanoTime() < deadline) {
			names = get(appUrl + "/actuator/metrics").body();
			if (names.contains("gen_ai.execute_tool") && names.contains("agent.tracing.events")) {
				break;
			}
			Thread.sleep(200);
		}
		assertThat(names).contains("gen_ai.invoke_agent", "gen_ai.execute_tool", "agent.tracing.events",
				"agent.tracing.queue.size");
		String tool = get(appUrl + "/actuator/metrics/gen_ai.execute_tool?tag=gen_ai.tool.name:search_kb").body();
		assertThat(tool).contains("\"COUNT\"").contains("gen_ai.agent.name");
		String exported = get(appUrl + "/actuator/metrics/agent.tracing.events?tag=result:exported").body();
		assertThat(exported).contains("JsonlExporter");
	}

	/** The one trace whose agent span has the session's conversation id. */
	private static List<Map<String, Object>> awaitTrace(String session) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<List<Map<String, Object>>> traces = List.of();
		while (System.nanoTime() < deadline) {
			String body = zipkin.get("/api/v2/traces?serviceName=support-agent&limit=10&annotationQuery="
					+ "gen_ai.conversation.id%3D" + session);
			traces = mapper.readValue(body, TRACES);
			if (traces.size() == 1 && traces.get(0).size() >= 4) {
				return traces.get(0);
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Zipkin did not receive one trace of 4 spans within 60 s; it holds " + traces);
	}

	private static List<Map<String, Object>> awaitLines(Path file, int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (file.toFile().exists()) {
				List<Map<String, Object>> lines = TraceFiles.readTraceFile(file);
				if (lines.size() >= count) {
					return lines;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the trace file " + file.getFileName() + " did not get " + count + " lines");
	}

	private static Map<String, Object> single(List<Map<String, Object>> spans,
			java.util.function.Predicate<Map<String, Object>> condition) {
		List<Map<String, Object>> found = spans.stream().filter(condition).collect(Collectors.toList());
		assertThat(found).as("spans matching in %s", spans).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> tags(Map<String, Object> span) {
		return map(span.get("tags"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

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

		@GetMapping("/ask")
		String ask(@RequestParam String session, @RequestParam String question) {
			return this.agent.answer(session, question);
		}

	}

	@Component
	static class SupportAgent {

		private final SupportTools tools;

		SupportAgent(SupportTools tools) {
			this.tools = tools;
		}

		@TracedRun(value = "Support Agent", model = "rules-v1")
		public String answer(@SessionId String session, String question) {
			String ticket = this.tools.lookupTicket(7);
			return ticket + ": " + this.tools.searchKb(question);
		}

	}

	@Component
	static class SupportTools {

		@TracedTool("lookup_ticket")
		public String lookupTicket(int id) {
			return "ticket " + id;
		}

		@TracedTool("search_kb")
		public String searchKb(String query) {
			return query + " policy";
		}

	}

}
