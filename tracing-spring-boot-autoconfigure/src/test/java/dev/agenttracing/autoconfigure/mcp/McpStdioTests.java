package dev.agenttracing.autoconfigure.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.mcp.ToolContextToMcpMetaConverter;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stdio transport: a client starts a traced MCP server as a child process and calls
 * its tool inside a run; the server's run, written by that process, names the caller.
 */
class McpStdioTests {

	@TempDir
	Path traces;

	@Test
	void aServerOnStandardInputAndOutputRecordsItsCaller() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String logback = Path.of(McpStdioTests.class.getResource("/mcp-stdio-logback.xml").toURI()).toString();
		ServerParameters server = ServerParameters.builder(java)
			.args("-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
					McpStdioServerMain.class.getName(), this.traces.toString())
			.build();
		AgentTracer tracer = AgentTracer.builder().build();
		TracingMcpMetaConverter converter = new TracingMcpMetaConverter(
				ToolContextToMcpMetaConverter.defaultConverter(), () -> null);
		ToolInvocation asked;
		AgentRun run = tracer.newRun("Travel Agent").start();
		try (McpSyncClient client = McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
			.requestTimeout(Duration.ofSeconds(30))
			.initializationTimeout(Duration.ofSeconds(60))
			.build()) {
			client.initialize();
			ToolCall call = run.startTool("get_weather", "call_1", Map.of("city", "Paris"));
			asked = call.toolInvocation();
			CallToolResult result;
			try (Scope scope = call.makeCurrent()) {
				Map<String, Object> meta = converter.convert(new ToolContext(Map.of()));
				result = client.callTool(
						CallToolRequest.builder("get_weather").arguments(Map.of("city", "Paris")).meta(meta).build());
			}
			call.complete(result);
			assertThat(result.content()).singleElement()
				.isInstanceOfSatisfying(TextContent.class,
						(text) -> assertThat(text.text()).isEqualTo("sunny in Paris"));
		}
		finally {
			run.complete("done");
			tracer.shutdown(Duration.ofSeconds(5));
		}
		// the server writes its run when its input closes and it shuts down; its session
		// is the MCP session, one file
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Path file = null;
		while (System.nanoTime() < deadline) {
			file = sessionFile();
			if (file != null && Files.readString(file).contains("RunCompleted")) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(file).isNotNull();
		List<TraceEvent> events = TraceFiles.readTraceEvents(file);
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		RunStarted started = (RunStarted) events.get(0);
		assertThat(started.agentName()).isEqualTo("stdio-weather");
		assertThat(started.run().parent()).isEqualTo(
				new RunParent(null, null, run.info().runId(), run.info().traceId(), asked.spanId(), asked.callId()));
		assertThat(file.getFileName().toString()).isEqualTo(started.run().sessionId() + ".jsonl");
	}

	private @Nullable Path sessionFile() throws IOException {
		try (Stream<Path> files = Files.list(this.traces)) {
			return files.filter((path) -> path.toString().endsWith(".jsonl")).findFirst().orElse(null);
		}
	}

}
