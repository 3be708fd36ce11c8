package dev.agenttracing.sample.mcp;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;

import dev.agenttracing.sample.mcp.client.ScriptedTravelModel;
import dev.agenttracing.sample.mcp.server.WeatherTools;

import static dev.agenttracing.sample.mcp.McpApps.awaitLines;
import static dev.agenttracing.sample.mcp.McpApps.events;
import static dev.agenttracing.sample.mcp.McpApps.map;
import static dev.agenttracing.sample.mcp.McpApps.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weather server and the travel agent, both with the tracing starter and Spring
 * Boot's OpenTelemetry bridge, report to one real Zipkin server: one question to the
 * agent is one trace, from the agent's HTTP span through its run and its two MCP tool
 * calls into the server's runs of those tools (and the server's HTTP spans of those
 * requests); both sides' trace files tell the same story.
 */
class McpOneTraceIT {

	private static final String CLIENT = "travel-agent";

	private static final String SERVER = "weather-server";

	private static final Set<String> TOOL_SPANS = Set.of("tools/call get_weather", "tools/call get_forecast");

	@TempDir
	static Path workDir;

	private static ZipkinServer zipkin;

	private static ConfigurableApplicationContext server;

	private static ConfigurableApplicationContext agent;

	@BeforeAll
	static void start() throws Exception {
		zipkin = ZipkinServer.start(workDir);
		server = McpApps.startServer(workDir.resolve("server"), zipkin.baseUrl(), true);
		agent = McpApps.startClient(McpApps.port(server), workDir.resolve("client"), zipkin.baseUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		McpApps.close(agent);
		McpApps.close(server);
		McpApps.close(zipkin);
	}

	@Test
	void oneQuestionIsOneZipkinTraceFromTheAgentsHttpSpanThroughItsMcpToolsIntoTheServersRuns() throws Exception {
		assertAnswered(McpApps.ask(agent, "zipkin-1", "What is the weather in Paris?"), "Paris");

		List<Map<String, Object>> trace = awaitTrace("zipkin-1");
		Map<String, Object> http = single(trace,
				(span) -> CLIENT.equals(service(span)) && "SERVER".equals(span.get("kind")), "the agent's HTTP span");
		assertThat(String.valueOf(http.get("name"))).contains("/api/agent/ask");
		Map<String, Object> run = single(trace,
				(span) -> CLIENT.equals(service(span)) && ("invoke_agent " + CLIENT).equals(span.get("name")),
				"the agent's run");
		assertParent(trace, run, http);

		List<Map<String, Object>> tools = trace.stream()
			.filter((span) -> CLIENT.equals(service(span))
					&& String.valueOf(span.get("name")).startsWith("tools/call "))
			.toList();
		assertThat(tools).as("the agent's MCP tool spans in the trace%n%s", tree(trace))
			.extracting((span) -> span.get("name"))
			.containsExactlyInAnyOrderElementsOf(TOOL_SPANS);
		for (Map<String, Object> tool : tools) {
			String name = String.valueOf(tool.get("name")).substring("tools/call ".length());
			assertParent(trace, tool, run);
			assertThat(tags(tool)).containsEntry("mcp.method.name", "tools/call")
				.containsEntry("gen_ai.tool.name", name)
				.containsEntry("mcp.server.name", SERVER)
				.containsKey("mcp.session.id");

			// the server's run continues the trace named in the request's _meta
			Map<String, Object> serverRun = single(trace,
					(span) -> SERVER.equals(service(span)) && ("invoke_agent " + SERVER).equals(span.get("name"))
							&& tool.get("id").equals(span.get("parentId")),
					"the server's run under " + tool.get("name"));
			// and the server's HTTP span of the request the one in its traceparent header
			single(trace,
					(span) -> SERVER.equals(service(span)) && "SERVER".equals(span.get("kind"))
							&& tool.get("id").equals(span.get("parentId")),
					"the server's HTTP span under " + tool.get("name"));
			Map<String, Object> serverTool = single(trace,
					(span) -> SERVER.equals(service(span)) && serverRun.get("id").equals(span.get("parentId")),
					"the server's span under its run for " + name);
			assertThat(serverTool.get("name")).isEqualTo(tool.get("name"));
			assertThat(tags(serverTool)).containsEntry("mcp.method.name", "tools/call")
				.containsEntry("gen_ai.tool.name", name)
				.containsEntry("mcp.session.id", tags(tool).get("mcp.session.id"));
		}
		Set<Object> toolIds = tools.stream().map((span) -> span.get("id")).collect(Collectors.toSet());
		assertThat(trace).filteredOn((span) -> SERVER.equals(service(span)))
			.as("the server's spans, each under one of the agent's tool spans, in the trace%n%s", tree(trace))
			.hasSize(6)
			.allSatisfy((span) -> assertThat(ancestorIds(trace, span)).containsAnyElementsOf(toolIds));
	}

	@Test
	void theServersRunsRecordTheCallersTraceAndToolCallsAsTheirParentAndTheAgentsToolCallsTheMcpAttributes()
			throws Exception {
		assertAnswered(McpApps.ask(agent, "jsonl-1", "What is the weather in Lisbon?"), "Lisbon");

		// the agent's file: its run, and both tools as MCP tool calls
		List<Map<String, Object>> client = awaitLines(workDir.resolve("client"), Duration.ofSeconds(20),
				(lines) -> events(lines, "RunCompleted").stream()
					.anyMatch((line) -> "jsonl-1".equals(line.get("session_id"))));
		List<Map<String, Object>> calls = events(client, "ToolCallStarted").stream()
			.filter((line) -> "jsonl-1".equals(line.get("session_id")))
			.toList();
		assertThat(calls).as("the agent's tool calls in %s", client)
			.extracting((line) -> tool(line).get("tool_name"))
			.containsExactlyInAnyOrder("get_weather", "get_forecast");
		assertThat(calls).extracting((line) -> tool(line).get("tool_call_id"))
			.containsExactlyInAnyOrder(ScriptedTravelModel.WEATHER_CALL_ID, ScriptedTravelModel.FORECAST_CALL_ID);
		String traceId = (String) calls.get(0).get("otel_trace_id");
		assertThat(traceId).as("the agent's W3C trace id").matches("[0-9a-f]{32}");
		for (Map<String, Object> call : calls) {
			assertThat(call).containsEntry("otel_trace_id", traceId);
			assertThat(map(tool(call).get("attributes"))).as("attributes of %s", call)
				.containsEntry("mcp.method.name", "tools/call")
				.containsEntry("mcp.server.name", SERVER)
				.containsKey("mcp.session.id");
		}
		List<Map<String, Object>> completed = events(client, "ToolCallCompleted").stream()
			.filter((line) -> "jsonl-1".equals(line.get("session_id")))
			.toList();
		assertThat(completed).hasSize(2)
			.allSatisfy((line) -> assertThat(map(tool(line).get("attributes"))).containsEntry("mcp.method.name",
					"tools/call"));

		// the server's files: one run per tool call, each continuing the caller's trace
		List<Map<String, Object>> server = awaitLines(workDir.resolve("server"), Duration.ofSeconds(20),
				(lines) -> runsOfTrace(lines, traceId).size() >= 2);
		List<Map<String, Object>> runs = runsOfTrace(server, traceId);
		assertThat(runs).as("the server's runs continuing trace %s in %s", traceId, server).hasSize(2);
		for (Map<String, Object> call : calls) {
			Map<String, Object> run = runs.stream()
				.filter((line) -> call.get("otel_span_id").equals(map(line.get("parent")).get("otel_span_id")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no server run has the parent span of " + call + ": " + runs));
			String mcpSession = (String) map(tool(call).get("attributes")).get("mcp.session.id");
			assertThat(run).containsEntry("agent_name", SERVER)
				.containsEntry("otel_trace_id", traceId)
				.containsEntry("session_id", mcpSession);
			assertThat(map(run.get("parent"))).containsEntry("otel_trace_id", traceId)
				.containsEntry("otel_span_id", call.get("otel_span_id"))
				.containsEntry("run_id", call.get("run_id"))
				.containsEntry("trace_id", call.get("trace_id"))
				.containsEntry("span_id", call.get("span_id"))
				.containsEntry("tool_call_id", tool(call).get("tool_call_id"));
			List<Map<String, Object>> serverCalls = events(server, "ToolCallStarted").stream()
				.filter((line) -> run.get("run_id").equals(line.get("run_id")))
				.toList();
			assertThat(serverCalls).as("the tool call of server run %s", run.get("run_id")).hasSize(1);
			assertThat(tool(serverCalls.get(0))).containsEntry("tool_name", tool(call).get("tool_name"));
			assertThat(map(tool(serverCalls.get(0)).get("attributes"))).containsEntry("mcp.method.name", "tools/call")
				.containsEntry("mcp.session.id", mcpSession);
		}
	}

	private static void assertAnswered(HttpResponse<String> response, String city) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		WeatherTools weather = new WeatherTools();
		assertThat(response.body()).contains(weather.getWeather(city))
			.contains(weather.getForecast(city, ScriptedTravelModel.FORECAST_DAYS));
	}

	private static List<Map<String, Object>> runsOfTrace(List<Map<String, Object>> lines, String traceId) {
		return events(lines, "RunStarted").stream()
			.filter((line) -> traceId.equals(map(line.get("parent")).get("otel_trace_id")))
			.toList();
	}

	/**
	 * The one trace of the agent's run in this session, once it holds the agent's and the
	 * server's spans (or what it holds after 60 s, for the assertions to tell what is
	 * missing).
	 */
	private static List<Map<String, Object>> awaitTrace(String session) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<List<Map<String, Object>>> traces = List.of();
		while (System.nanoTime() < deadline) {
			String body = zipkin.get("/api/v2/traces?serviceName=" + CLIENT + "&limit=10&annotationQuery="
					+ "gen_ai.conversation.id%3D" + session);
			traces = McpApps.mapper.readValue(body, TRACES);
			if (traces.size() == 1 && complete(traces.get(0))) {
				return traces.get(0);
			}
			Thread.sleep(250);
		}
		assertThat(traces).as("Zipkin's traces of session %s after 60 s", session).hasSize(1);
		return traces.get(0);
	}

	/**
	 * Whether a trace holds the agent's run and tool spans and the server's HTTP, run and
	 * tool spans.
	 */
	private static boolean complete(List<Map<String, Object>> trace) {
		Map<String, Long> spans = trace.stream()
			.collect(Collectors.groupingBy((span) -> service(span) + " " + span.get("name"), Collectors.counting()));
		return spans.getOrDefault(CLIENT + " invoke_agent " + CLIENT, 0L) == 1
				&& spans.getOrDefault(SERVER + " invoke_agent " + SERVER, 0L) == 2
				&& spans.getOrDefault(SERVER + " http post /mcp", 0L) == 2
				&& TOOL_SPANS.stream()
					.allMatch((name) -> spans.getOrDefault(CLIENT + " " + name, 0L) == 1
							&& spans.getOrDefault(SERVER + " " + name, 0L) == 1);
	}

	private static void assertParent(List<Map<String, Object>> trace, Map<String, Object> span,
			Map<String, Object> parent) {
		assertThat(span.get("parentId")).as("the parent of %s in the trace%n%s", span.get("name"), tree(trace))
			.isEqualTo(parent.get("id"));
	}

	private static Set<Object> ancestorIds(List<Map<String, Object>> trace, Map<String, Object> span) {
		Map<Object, Map<String, Object>> byId = trace.stream()
			.collect(Collectors.toMap((each) -> each.get("id"), (each) -> each, (a, b) -> a));
		Set<Object> ids = new LinkedHashSet<>();
		Object parentId = span.get("parentId");
		while (parentId != null && ids.add(parentId) && byId.containsKey(parentId)) {
			parentId = byId.get(parentId).get("parentId");
		}
		return ids;
	}

	/** The trace as "service: name <- parent name" lines, for failure messages. */
	private static String tree(List<Map<String, Object>> trace) {
		Map<Object, Object> names = trace.stream()
			.collect(Collectors.toMap((span) -> span.get("id"), (span) -> span.get("name"), (a, b) -> a));
		return trace.stream()
			.map((span) -> service(span) + ": " + span.get("name") + " <- "
					+ names.getOrDefault(span.get("parentId"), "-"))
			.sorted()
			.collect(Collectors.joining(System.lineSeparator()));
	}

	private static Map<String, Object> single(List<Map<String, Object>> spans, Predicate<Map<String, Object>> condition,
			String description) {
		List<Map<String, Object>> found = spans.stream().filter(condition).toList();
		assertThat(found).as("%s in the trace%n%s", description, tree(spans)).hasSize(1);
		return found.get(0);
	}

	private static String service(Map<String, Object> span) {
		return String.valueOf(map(span.get("localEndpoint")).get("serviceName"));
	}

	private static Map<String, Object> tags(Map<String, Object> span) {
		return map(span.get("tags"));
	}

	private static final TypeReference<List<List<Map<String, Object>>>> TRACES = new TypeReference<>() {
	};

}
