package dev.agenttracing.sample.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.sample.mcp.server.WeatherTools;

import static dev.agenttracing.sample.mcp.McpApps.awaitLines;
import static dev.agenttracing.sample.mcp.McpApps.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed or hostile {@code _meta} in a {@code tools/call} request, sent by a plain
 * MCP Java SDK client to a weather server with the tracing starter, never fails the tool
 * call: the server's run starts a trace of its own and takes nothing from it that is not
 * valid (a huge {@code tracestate} beside a valid {@code traceparent} is dropped, the
 * {@code traceparent} kept). One test for each way of getting it wrong.
 */
class McpHostileMetaIT {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String SPAN_ID = "b7ad6b7169203331";

	private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

	private static final int ONE_MB = 1024 * 1024;

	/** The longest line the server may write for a call whose {@code _meta} is huge. */
	private static final int MAX_LINE = 64 * 1024;

	@TempDir
	static Path workDir;

	private static ConfigurableApplicationContext server;

	private static McpSyncClient client;

	@BeforeAll
	static void start() {
		server = McpApps.startServer(workDir.resolve("server"), null, true);
		client = McpApps.plainClient(server);
	}

	@AfterAll
	static void stop() throws Exception {
		McpApps.close(client);
		McpApps.close(server);
	}

	@Test
	void aTraceparentOfTheWrongLengthStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Wronglength", Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b71692033-01")));
	}

	@Test
	void aTraceparentWithNonHexDigitsStartsAFreshTrace() throws Exception {
		assertFreshTrace(
				call("Nonhex", Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319z-" + SPAN_ID + "-01")));
	}

	@Test
	void aTraceparentWithAnAllZeroTraceIdStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Zerotrace", Map.of("traceparent", "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01")));
	}

	@Test
	void aTraceparentWithAnAllZeroSpanIdStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Zerospan", Map.of("traceparent", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01")));
	}

	@Test
	void aTraceparentOfVersionFfStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Versionff", Map.of("traceparent", "ff-" + TRACE_ID + "-" + SPAN_ID + "-01")));
	}

	@Test
	void aTraceparentOfOneMegabyteStartsAFreshTrace() throws Exception {
		Map<String, Object> run = call("Hugeparent", Map.of("traceparent", VALID + "-" + "a".repeat(ONE_MB)));
		assertFreshTrace(run);
		assertNoHugeLine();
	}

	@Test
	void aTracestateOfOneMegabyteNeitherFailsTheCallNorIsRecordedNorSpoilsAValidTraceparent() throws Exception {
		Map<String, Object> run = call("Hugestate",
				Map.of("traceparent", VALID, "tracestate", "vendor=" + "a".repeat(ONE_MB)));
		// W3C: a tracestate that cannot be used is dropped, the valid traceparent kept
		assertThat(run).containsEntry("otel_trace_id", TRACE_ID);
		assertThat(map(run.get("parent"))).containsEntry("otel_trace_id", TRACE_ID)
			.containsEntry("otel_span_id", SPAN_ID);
		assertNoHugeLine();
	}

	@Test
	void aTraceparentThatIsANumberStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Numberparent", Map.of("traceparent", 42)));
	}

	@Test
	void aTraceparentThatIsAMapStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Mapparent",
				Map.of("traceparent", Map.of("version", "00", "trace-id", TRACE_ID, "parent-id", SPAN_ID))));
	}

	@Test
	void aTraceparentThatIsAListStartsAFreshTrace() throws Exception {
		assertFreshTrace(call("Listparent", Map.of("traceparent", List.of(VALID))));
	}

	@Test
	void aRunIdThatIsAnObjectStartsAFreshTraceWithoutIt() throws Exception {
		Map<String, Object> run = call("Objectrunid",
				Map.of("dev.agenttracing/run_id", Map.of("id", "run_hostile", "nested", Map.of("deep", true))));
		assertFreshTrace(run);
		assertThat(map(run.get("parent"))).doesNotContainKey("run_id");
		assertThat(run.toString()).doesNotContain("run_hostile");
	}

	@Test
	void aRunIdOfOneMegabyteIsLeftOutAndTheValidTraceparentKept() throws Exception {
		Map<String, Object> run = call("Hugerunid",
				Map.of("traceparent", VALID, "dev.agenttracing/run_id", "r".repeat(ONE_MB)));
		assertThat(run).containsEntry("otel_trace_id", TRACE_ID);
		assertThat(map(run.get("parent"))).containsEntry("otel_span_id", SPAN_ID).doesNotContainKey("run_id");
		assertNoHugeLine();
	}

	/**
	 * Calls {@code get_weather} for a city with this {@code _meta}, checks that it
	 * answers as without it, and returns the server's RunStarted line of that call.
	 */
	private static Map<String, Object> call(String city, Map<String, Object> meta) throws Exception {
		CallToolResult result = client.callTool(CallToolRequest.builder("get_weather")
			.arguments(Map.of("city", city))
			.meta(new LinkedHashMap<>(meta))
			.build());
		assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
		assertThat(((TextContent) result.content().get(0)).text()).contains(new WeatherTools().getWeather(city));
		List<Map<String, Object>> lines = awaitLines(workDir.resolve("server"), Duration.ofSeconds(20),
				(found) -> McpInteropIT.runOf(found, city) != null);
		Map<String, Object> run = McpInteropIT.runOf(lines, city);
		assertThat(run).as("the server's run of get_weather(%s) in %s", city, lines).isNotNull();
		return run;
	}

	private static void assertFreshTrace(Map<String, Object> run) {
		assertThat(run).containsEntry("agent_name", "weather-server");
		assertThat((String) run.get("otel_trace_id")).as("a trace of its own")
			.matches("[0-9a-f]{32}")
			.isNotEqualTo(TRACE_ID);
		assertThat(map(run.get("parent"))).doesNotContainKeys("otel_trace_id", "otel_span_id");
	}

	private static void assertNoHugeLine() throws Exception {
		assertThat(McpApps.lines(workDir.resolve("server")))
			.allSatisfy((line) -> assertThat(line.toString().length()).isLessThan(MAX_LINE));
	}

}
