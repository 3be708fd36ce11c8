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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.sample.mcp.server.WeatherTools;

import static dev.agenttracing.sample.mcp.McpApps.awaitLines;
import static dev.agenttracing.sample.mcp.McpApps.events;
import static dev.agenttracing.sample.mcp.McpApps.map;
import static dev.agenttracing.sample.mcp.McpApps.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tracing.mcp.*} switches, end to end: an agent with
 * {@code tracing.mcp.propagation=false} sends no trace, so the server's runs start their
 * own; a server with {@code tracing.mcp.server-runs=false} records no runs, and still
 * answers.
 */
class McpTracingSwitchesIT {

	@TempDir
	Path workDir;

	@Test
	void anAgentWithoutPropagationLeavesTheServersRunsWithoutParent() throws Exception {
		try (ConfigurableApplicationContext server = McpApps.startServer(this.workDir.resolve("server"), null, true);
				ConfigurableApplicationContext agent = McpApps.startClient(McpApps.port(server),
						this.workDir.resolve("client"), null, "--tracing.mcp.propagation=false")) {
			HttpResponse<String> response = McpApps.ask(agent, "switch-1", "What is the weather in Madrid?");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains(new WeatherTools().getWeather("Madrid"));

			List<Map<String, Object>> client = awaitLines(this.workDir.resolve("client"), Duration.ofSeconds(20),
					(lines) -> !events(lines, "RunCompleted").isEmpty());
			assertThat(events(client, "ToolCallStarted")).hasSize(2)
				.allSatisfy((line) -> assertThat(map(tool(line).get("attributes"))).containsEntry("mcp.method.name",
						"tools/call"));
			List<Map<String, Object>> served = awaitLines(this.workDir.resolve("server"), Duration.ofSeconds(20),
					(lines) -> events(lines, "RunCompleted").size() >= 2);
			assertThat(events(served, "RunStarted")).as("the server's runs in %s", served)
				.hasSize(2)
				.allSatisfy((run) -> assertThat(run).doesNotContainKey("parent"))
				.allSatisfy((run) -> assertThat(run.get("otel_trace_id"))
					.isNotEqualTo(events(client, "RunStarted").get(0).get("otel_trace_id")));
		}
	}

	@Test
	void aServerWithoutServerRunsRecordsNoneAndStillAnswers() throws Exception {
		Path traces = this.workDir.resolve("server");
		try (ConfigurableApplicationContext server = McpApps.startServer(traces, null, true,
				"--tracing.mcp.server-runs=false"); McpSyncClient client = McpApps.plainClient(server)) {
			CallToolResult result = client.callTool(CallToolRequest.builder("get_weather")
				.arguments(Map.of("city", "Vienna"))
				.meta(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
				.build());
			assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
			assertThat(((TextContent) result.content().get(0)).text())
				.contains(new WeatherTools().getWeather("Vienna"));
			// what the exporter had to write is written within a second
			Thread.sleep(1000);
			assertThat(McpApps.lines(traces)).isEmpty();
		}
	}

}
