package dev.agenttracing.autoconfigure.springai;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.mcp.SyncMcpToolCallbackProvider;
import org.springframework.ai.mcp.ToolContextToMcpMetaConverter;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.autoconfigure.mcp.McpTracingAutoConfiguration;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent on Spring AI's {@code ChatClient} calls two tools of a real MCP server (the
 * MCP Java SDK's streamable HTTP transport on 127.0.0.1) through Spring AI's MCP tool
 * callbacks: the client records the MCP attributes and sends its run's ids in
 * {@code params._meta}; the server, with the starter, records each call as a run whose
 * parent is the caller's tool call.
 */
class SpringAiMcpTracingTests {

	@TempDir
	Path dir;

	/** What {@code _meta} each tool call reached the server with, in order. */
	private final List<Map<String, Object>> receivedMeta = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner server() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withBean("weatherTools", List.class, this::tools)
			.withPropertyValues("tracing.jsonl.dir=" + this.dir.resolve("server"),
					"spring.ai.mcp.server.name=weather-server");
	}

	private ApplicationContextRunner client() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					SpringAiTracingAutoConfiguration.class, McpTracingAutoConfiguration.class,
					ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class))
			.withBean(ScriptedChatModel.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.dir.resolve("client"), "tracing.spring-ai.auto-runs=false");
	}

	private List<McpServerFeatures.SyncToolSpecification> tools() {
		return List.of(tool("weather", "sunny in Paris"), tool("forecast", "dry for 2 days in Paris"));
	}

	private McpServerFeatures.SyncToolSpecification tool(String name, String answer) {
		McpSchema.Tool tool = McpSchema.Tool.builder(name)
			.description(name + " of a city")
			.inputSchema(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))
			.build();
		return new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> {
			this.receivedMeta.add((request.meta() != null) ? new HashMap<>(request.meta()) : Map.of());
			return CallToolResult.builder().addTextContent(answer).build();
		});
	}

	@SuppressWarnings("unchecked")
	private List<McpServerFeatures.SyncToolSpecification> served(ApplicationContext context) {
		return (List<McpServerFeatures.SyncToolSpecification>) context.getBean("weatherTools", List.class);
	}

	/** The agent's run: the scripted model asks for both tools, served by the server. */
	private String ask(ApplicationContext client, McpTestServer server) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.url())
			.endpoint("/mcp")
			.build();
		try (McpSyncClient mcp = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build()) {
			mcp.initialize();
			SyncMcpToolCallbackProvider tools = SyncMcpToolCallbackProvider.builder()
				.mcpClients(mcp)
				.toolContextToMcpMetaConverter(client.getBeanProvider(ToolContextToMcpMetaConverter.class)
					.getIfAvailable(ToolContextToMcpMetaConverter::defaultConverter))
				.build();
			ChatClient chat = client.getBean(ChatClient.Builder.class).build();
			return client.getBean(AgentTracer.class)
				.newRun("Travel Agent")
				.sessionId("traveller")
				.call(() -> chat.prompt().user("Weather in Paris?").toolCallbacks(tools).call().content());
		}
	}

	@Test
	void theServersRunsNameTheCallersToolCallsAndTheClientRecordsTheMcpAttributes() throws Exception {
		List<String> answers = new ArrayList<>();
		server().run((serverContext) -> {
			try (McpTestServer server = new McpTestServer("weather-server", served(serverContext),
					this.dir.resolve("tomcat"))) {
				client().run((clientContext) -> {
					answers.add(ask(clientContext, server));
					clientContext.close();
				});
			}
			serverContext.close();
		});
		assertThat(answers).containsExactly(
				"Paris: weather=[{\"text\":\"sunny in Paris\"}] forecast=[{\"text\":\"dry for 2 days in Paris\"}]");

		List<TraceEvent> client = TraceFiles.readTraceEvents(this.dir.resolve("client/traveller.jsonl"));
		RunStarted clientRun = (RunStarted) client.get(0);
		List<ToolCallStarted> calls = client.stream()
			.filter(ToolCallStarted.class::isInstance)
			.map(ToolCallStarted.class::cast)
			.toList();
		assertThat(calls).extracting((call) -> call.tool().callId())
			.containsExactly("call_weather_1", "call_forecast_2");
		String sessionId = calls.get(0).tool().attribute("mcp.session.id");
		assertThat(sessionId).isNotBlank();
		assertThat(calls)
			.allSatisfy((call) -> assertThat(call.tool().attributes()).containsEntry("mcp.method.name", "tools/call")
				.containsEntry("mcp.session.id", sessionId)
				.containsEntry("mcp.server.name", "weather-server")
				.containsEntry("mcp.protocol.version", "2025-11-25"));
		assertThat(client).filteredOn(ToolCallCompleted.class::isInstance)
			.allSatisfy((event) -> assertThat(((ToolCallCompleted) event).tool().attributes()).isNotNull());

		assertThat(this.receivedMeta).hasSize(2);
		for (int i = 0; i < 2; i++) {
			assertThat(this.receivedMeta.get(i)).containsEntry("dev.agenttracing/run_id", clientRun.runId())
				.containsEntry("dev.agenttracing/trace_id", clientRun.traceId())
				.containsEntry("dev.agenttracing/span_id", calls.get(i).spanId())
				.containsEntry("dev.agenttracing/tool_call_id", calls.get(i).tool().callId())
				// no tracing library here: no span to name
				.doesNotContainKey("traceparent");
		}

		List<TraceEvent> server = TraceFiles.readTraceEvents(this.dir.resolve("server/" + sessionId + ".jsonl"));
		List<RunStarted> serverRuns = server.stream()
			.filter(RunStarted.class::isInstance)
			.map(RunStarted.class::cast)
			.toList();
		assertThat(serverRuns).hasSize(2);
		for (int i = 0; i < 2; i++) {
			RunStarted run = serverRuns.get(i);
			assertThat(run.agentName()).isEqualTo("weather-server");
			assertThat(run.run().parent()).isEqualTo(new RunParent(null, null, clientRun.runId(), clientRun.traceId(),
					calls.get(i).spanId(), calls.get(i).tool().callId()));
		}
		assertThat(server).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted", "RunStarted",
					"ToolCallStarted", "ToolCallCompleted", "RunCompleted");
	}

	@Test
	void theApplicationsOwnConverterIsWrappedNotJoinedByASecondOne() {
		client().withUserConfiguration(TenantConverterConfiguration.class).run((context) -> {
			assertThat(context).getBeans(ToolContextToMcpMetaConverter.class).hasSize(1);
			assertThat(context.getBean(ToolContextToMcpMetaConverter.class))
				.hasToString("TracingMcpMetaConverter[tenant]");
		});
	}

	@Test
	void withMcpTracingOffNothingIsSentOrWrapped() throws Exception {
		server().withPropertyValues("tracing.mcp.enabled=false").run((serverContext) -> {
			try (McpTestServer server = new McpTestServer("weather-server", served(serverContext),
					this.dir.resolve("tomcat"))) {
				client().withPropertyValues("tracing.mcp.enabled=false").run((clientContext) -> {
					assertThat(clientContext).doesNotHaveBean(ToolContextToMcpMetaConverter.class);
					ask(clientContext, server);
					clientContext.close();
				});
			}
		});
		assertThat(this.receivedMeta).hasSize(2).allSatisfy((meta) -> assertThat(meta).isEmpty());
		List<TraceEvent> client = TraceFiles.readTraceEvents(this.dir.resolve("client/traveller.jsonl"));
		assertThat(client).filteredOn(ToolCallStarted.class::isInstance)
			.allSatisfy((event) -> assertThat(((ToolCallStarted) event).tool().attributes()).isNull());
		assertThat(this.dir.resolve("server")).doesNotExist();
	}

	@Test
	void withoutTheMcpSdkNothingOfItLoads() {
		client().withClassLoader(new FilteredClassLoader("io.modelcontextprotocol", "org.springframework.ai.mcp"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(McpTracingAutoConfiguration.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TenantConverterConfiguration {

		@Bean
		ToolContextToMcpMetaConverter tenantConverter() {
			return new ToolContextToMcpMetaConverter() {

				@Override
				public Map<String, Object> convert(org.springframework.ai.chat.model.ToolContext toolContext) {
					return Map.of("tenant", "acme");
				}

				@Override
				public String toString() {
					return "tenant";
				}

			};
		}

	}

}
