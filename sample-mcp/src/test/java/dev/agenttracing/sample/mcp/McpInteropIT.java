package dev.agenttracing.sample.mcp;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.sample.mcp.client.ScriptedTravelModel;
import dev.agenttracing.sample.mcp.server.WeatherTools;

import static dev.agenttracing.sample.mcp.McpApps.awaitLines;
import static dev.agenttracing.sample.mcp.McpApps.events;
import static dev.agenttracing.sample.mcp.McpApps.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Either side of an MCP connection may lack the tracing starter: a weather server without
 * it answers a travel agent with it (it ignores the {@code _meta} keys), and a plain MCP
 * Java SDK client calls a weather server with it (whose run then starts a trace of its
 * own).
 */
class McpInteropIT {

	@TempDir
	static Path workDir;

	/**
	 * A weather server without the tracing starter: all its auto-configurations excluded.
	 */
	private static ConfigurableApplicationContext plainServer;

	/** A travel agent with the tracing starter, connected to the plain server. */
	private static ConfigurableApplicationContext agent;

	/** A weather server with the tracing starter. */
	private static ConfigurableApplicationContext tracedServer;

	private static McpSyncClient plainClient;

	@BeforeAll
	static void start() {
		plainServer = McpApps.startServer(workDir.resolve("plain-server"), null, false);
		agent = McpApps.startClient(McpApps.port(plainServer), workDir.resolve("client"), null);
		tracedServer = McpApps.startServer(workDir.resolve("traced-server"), null, true);
		plainClient = McpApps.plainClient(tracedServer);
	}

	@AfterAll
	static void stop() throws Exception {
		McpApps.close(plainClient);
		McpApps.close(agent);
		McpApps.close(plainServer);
		McpApps.close(tracedServer);
	}

	@Test
	void theServerWithoutTheStarterHasNoTracingAtAll() {
		assertThat(McpApps.tracingAutoConfigurations()).isNotEmpty()
			.contains("dev.agenttracing.autoconfigure.TracingAutoConfiguration");
		assertThat(plainServer.getBeanNamesForType(AgentTracer.class)).isEmpty();
		assertThat(tracedServer.getBeanNamesForType(AgentTracer.class)).hasSize(1);
		assertThat(agent.getBeanNamesForType(AgentTracer.class)).hasSize(1);
	}

	@Test
	void aServerWithoutTheStarterAnswersAnAgentWithIt() throws Exception {
		HttpResponse<String> response = McpApps.ask(agent, "interop-1", "What is the weather in Oslo?");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		WeatherTools weather = new WeatherTools();
		assertThat(response.body()).contains(weather.getWeather("Oslo"))
			.contains(weather.getForecast("Oslo", ScriptedTravelModel.FORECAST_DAYS));

		List<Map<String, Object>> client = awaitLines(workDir.resolve("client"), Duration.ofSeconds(20),
				(lines) -> !events(lines, "RunCompleted").isEmpty());
		assertThat(events(client, "ToolCallCompleted")).as("the agent's tool calls in %s", client)
			.hasSize(2)
			.allSatisfy((line) -> assertThat(tool(line)).containsEntry("tool_call_error", false))
			.extracting((line) -> tool(line).get("tool_name"))
			.containsExactlyInAnyOrder("get_weather", "get_forecast");
		assertThat(events(client, "ToolCallError")).isEmpty();
		assertThat(McpApps.lines(workDir.resolve("plain-server"))).isEmpty();
	}

	@Test
	void aPlainSdkClientCallsAServerWithTheStarterWhoseRunHasNoParent() throws Exception {
		CallToolResult result = plainClient
			.callTool(CallToolRequest.builder("get_weather").arguments(Map.of("city", "Reykjavik")).build());
		assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
		assertThat(((TextContent) result.content().get(0)).text()).contains(new WeatherTools().getWeather("Reykjavik"));

		List<Map<String, Object>> server = awaitLines(workDir.resolve("traced-server"), Duration.ofSeconds(20),
				(lines) -> runOf(lines, "Reykjavik") != null);
		Map<String, Object> run = runOf(server, "Reykjavik");
		assertThat(run).as("the server's run of get_weather(Reykjavik) in %s", server).isNotNull();
		assertThat(run).containsEntry("agent_name", "weather-server").doesNotContainKey("parent");
		assertThat((String) run.get("otel_trace_id")).as("a trace of its own").matches("[0-9a-f]{32}");
	}

	/**
	 * The server's RunStarted line of the tool call whose arguments name this city, or
	 * {@code null}.
	 */
	static @Nullable Map<String, Object> runOf(List<Map<String, Object>> lines, String city) {
		for (Map<String, Object> call : events(lines, "ToolCallStarted")) {
			if (String.valueOf(tool(call).get("tool_args")).contains(city)) {
				return events(lines, "RunStarted").stream()
					.filter((run) -> call.get("run_id").equals(run.get("run_id")))
					.findFirst()
					.orElse(null);
			}
		}
		return null;
	}

}
