package dev.agenttracing.autoconfigure.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.jsonl.JsonlExporter;

/**
 * An MCP server on standard input and output, in a process of its own, whose tool calls
 * are runs written to the trace directory given as the first argument. It ends when its
 * standard input closes.
 */
public final class McpStdioServerMain {

	private McpStdioServerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		AgentTracer tracer = AgentTracer.builder().exporter(new JsonlExporter(Path.of(args[0]), true, false)).build();
		McpServerRuns runs = new McpServerRuns(tracer, "stdio-weather", true, TraceBridge.NONE);
		McpSchema.Tool tool = McpSchema.Tool.builder("get_weather").inputSchema(Map.of("type", "object")).build();
		McpServerFeatures.SyncToolSpecification weather = McpServerRuns
			.traced(new McpServerFeatures.SyncToolSpecification(tool,
					(exchange, request) -> McpSchema.CallToolResult.builder()
						.addTextContent("sunny in " + request.arguments().get("city"))
						.build()),
					() -> runs);
		CountDownLatch closed = new CountDownLatch(1);
		McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
			.serverInfo("stdio-weather", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
			.tools(weather)
			.build();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			tracer.shutdown(Duration.ofSeconds(5));
			closed.countDown();
		}));
		closed.await();
		server.close();
	}

}
