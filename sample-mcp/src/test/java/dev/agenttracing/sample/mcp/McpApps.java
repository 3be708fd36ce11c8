package dev.agenttracing.sample.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.export.jsonl.TraceFiles;
import dev.agenttracing.sample.mcp.client.TravelAgentApplication;
import dev.agenttracing.sample.mcp.server.WeatherServerApplication;

/**
 * Starts the weather server and the travel agent in this JVM on 127.0.0.1 and free ports,
 * calls them, and reads what they wrote: the plumbing of the end-to-end tests.
 */
final class McpApps {

	static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private McpApps() {
	}

	/**
	 * Starts the weather server.
	 * @param jsonlDir the directory of its trace files
	 * @param zipkinUrl the Zipkin server it reports its spans to, none when {@code null}
	 * @param withTracing whether the tracing starter is on; without it, every one of its
	 * auto-configurations is excluded, as if it were not on the class path
	 * @param extra further arguments
	 * @return the running server
	 */
	static ConfigurableApplicationContext startServer(Path jsonlDir, @Nullable String zipkinUrl, boolean withTracing,
			String... extra) {
		List<String> args = common(jsonlDir, zipkinUrl);
		if (!withTracing) {
			args.add("--spring.autoconfigure.exclude=" + String.join(",", tracingAutoConfigurations()));
		}
		args.addAll(List.of(extra));
		return WeatherServerApplication.application().run(args.toArray(String[]::new));
	}

	/**
	 * Starts the travel agent, connected to a running weather server.
	 * @param serverPort the weather server's port
	 * @param jsonlDir the directory of its trace files
	 * @param zipkinUrl the Zipkin server it reports its spans to, none when {@code null}
	 * @param extra further arguments
	 * @return the running agent
	 */
	static ConfigurableApplicationContext startClient(int serverPort, Path jsonlDir, @Nullable String zipkinUrl,
			String... extra) {
		List<String> args = common(jsonlDir, zipkinUrl);
		args.add("--spring.ai.mcp.client.streamable-http.connections.weather.url=http://127.0.0.1:" + serverPort);
		args.addAll(List.of(extra));
		return TravelAgentApplication.application().run(args.toArray(String[]::new));
	}

	private static List<String> common(Path jsonlDir, @Nullable String zipkinUrl) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		args.add("--server.address=127.0.0.1");
		args.add("--management.tracing.sampling.probability=1.0");
		if (zipkinUrl != null) {
			args.add("--management.tracing.export.zipkin.endpoint=" + zipkinUrl + "/api/v2/spans");
		}
		else {
			// the bridge stays (spans, trace ids, W3C propagation), nothing is sent
			// anywhere
			args.add("--management.tracing.export.zipkin.enabled=false");
		}
		args.add("--tracing.jsonl.dir=" + jsonlDir);
		return args;
	}

	/** The auto-configurations of the tracing starter, as Spring Boot finds them. */
	static List<String> tracingAutoConfigurations() {
		List<String> names = new ArrayList<>();
		for (String name : ImportCandidates.load(AutoConfiguration.class, McpApps.class.getClassLoader())) {
			if (name.startsWith("dev.agenttracing.")) {
				names.add(name);
			}
		}
		return names;
	}

	static int port(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/** Asks the travel agent a question in a session. */
	static HttpResponse<String> ask(ConfigurableApplicationContext agent, String session, String question)
			throws IOException, InterruptedException {
		String body = mapper.writeValueAsString(Map.of("question", question, "sessionId", session));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(agent) + "/api/agent/ask"))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A plain MCP Java SDK client, without any tracing, connected to a weather server.
	 */
	static McpSyncClient plainClient(ConfigurableApplicationContext server) {
		McpSyncClient client = McpClient
			.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port(server))
				.connectTimeout(Duration.ofSeconds(5))
				.build())
			.requestTimeout(Duration.ofSeconds(30))
			.initializationTimeout(Duration.ofSeconds(30))
			.build();
		client.initialize();
		return client;
	}

	/** Every line of every trace file in a directory. */
	static List<Map<String, Object>> lines(Path dir) throws IOException {
		List<Map<String, Object>> lines = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return lines;
		}
		List<Path> files;
		try (Stream<Path> walk = Files.list(dir)) {
			files = walk.filter((file) -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
		}
		for (Path file : files) {
			lines.addAll(TraceFiles.readTraceFile(file));
		}
		return lines;
	}

	/**
	 * Waits up to a time for the trace files of a directory to hold what a condition asks
	 * for, and returns all their lines then (or at the deadline, for the test to tell
	 * what is missing).
	 */
	static List<Map<String, Object>> awaitLines(Path dir, Duration timeout,
			Predicate<List<Map<String, Object>>> condition) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Map<String, Object>> lines = lines(dir);
		while (!condition.test(lines) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			lines = lines(dir);
		}
		return lines;
	}

	static List<Map<String, Object>> events(List<Map<String, Object>> lines, String event) {
		return lines.stream().filter((line) -> event.equals(line.get("event"))).toList();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(@Nullable Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	static Map<String, Object> tool(Map<String, Object> line) {
		return map(line.get("tool"));
	}

	static void close(@Nullable AutoCloseable closeable) throws Exception {
		if (closeable != null) {
			closeable.close();
		}
	}

}
