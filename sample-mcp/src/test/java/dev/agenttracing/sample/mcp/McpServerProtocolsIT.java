package dev.agenttracing.sample.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.sample.mcp.server.WeatherTools;

import static dev.agenttracing.sample.mcp.McpApps.awaitLines;
import static dev.agenttracing.sample.mcp.McpApps.events;
import static dev.agenttracing.sample.mcp.McpApps.map;
import static dev.agenttracing.sample.mcp.McpApps.tool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whichever protocol the weather server speaks (streamable HTTP, the older HTTP with
 * server-sent events, or stateless streamable HTTP), a tool call whose {@code _meta}
 * names the caller's trace and tool call becomes a run of the server that continues that
 * trace and names that caller as its parent.
 */
class McpServerProtocolsIT {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	@TempDir
	Path workDir;

	@ParameterizedTest
	@ValueSource(strings = { "STREAMABLE", "SSE", "STATELESS" })
	void aToolCallWithTheCallersTraceInItsMetaIsARunContinuingIt(String protocol) throws Exception {
		Path traces = this.workDir.resolve("server");
		try (ConfigurableApplicationContext server = McpApps.startServer(traces, null, true,
				"--spring.ai.mcp.server.protocol=" + protocol);
				McpSyncClient client = McpClient.sync(transport(protocol, McpApps.port(server)))
					.requestTimeout(Duration.ofSeconds(30))
					.initializationTimeout(Duration.ofSeconds(30))
					.build()) {
			client.initialize();
			Map<String, Object> meta = Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01",
					"dev.agenttracing/run_id", "run-caller-1", "dev.agenttracing/tool_call_id", "call_caller_1");
			CallToolResult result = client.callTool(CallToolRequest.builder("get_forecast")
				.arguments(Map.of("city", "Rome", "days", 2))
				.meta(meta)
				.build());
			assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
			assertThat(((TextContent) result.content().get(0)).text())
				.contains(new WeatherTools().getForecast("Rome", 2));

			List<Map<String, Object>> lines = awaitLines(traces, Duration.ofSeconds(20),
					(found) -> !events(found, "RunCompleted").isEmpty());
			List<Map<String, Object>> runs = events(lines, "RunStarted");
			assertThat(runs).as("the server's runs over %s in %s", protocol, lines).hasSize(1);
			Map<String, Object> run = runs.get(0);
			assertThat(run).containsEntry("agent_name", "weather-server").containsEntry("otel_trace_id", TRACE_ID);
			assertThat((String) run.get("session_id")).isNotBlank();
			if (protocol.equals("STATELESS")) {
				assertThat(run).containsEntry("session_id", "default");
			}
			assertThat(map(run.get("parent"))).containsEntry("otel_trace_id", TRACE_ID)
				.containsEntry("otel_span_id", SPAN_ID)
				.containsEntry("run_id", "run-caller-1")
				.containsEntry("tool_call_id", "call_caller_1");
			List<Map<String, Object>> calls = events(lines, "ToolCallStarted");
			assertThat(calls).hasSize(1);
			assertThat(tool(calls.get(0))).containsEntry("tool_name", "get_forecast");
			assertThat(map(tool(calls.get(0)).get("attributes"))).containsEntry("mcp.method.name", "tools/call");
		}
	}

	private static McpClientTransport transport(String protocol, int port) {
		String url = "http://127.0.0.1:" + port;
		if (protocol.equals("SSE")) {
			return HttpClientSseClientTransport.builder(url).connectTimeout(Duration.ofSeconds(5)).build();
		}
		return HttpClientStreamableHttpTransport.builder(url).connectTimeout(Duration.ofSeconds(5)).build();
	}

}
