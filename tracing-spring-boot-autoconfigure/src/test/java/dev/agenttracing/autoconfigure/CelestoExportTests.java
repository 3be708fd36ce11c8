package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Celesto variables of a real application reach Celesto's ingest endpoint, here a
 * local HTTP server; a user's own exporter bean replaces the automatic one.
 */
class CelestoExportTests {

	private static final String EXPORTER = "dev.agenttracing.export.celesto.CelestoExporter";

	private static final String KEY = "cel_localtest0123456789";

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@TempDir
	Path traces;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Authorization"),
						new String(body.readAllBytes(), StandardCharsets.UTF_8)));
			}
			byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, CelestoAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void sendsTheSpansOfARunToTheIngestEndpointUnderCelestoBaseUrl() {
		runner()
			.withInitializer((context) -> CelestoEnvironmentVariablesTests.withVariables(context,
					Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", baseUrl())))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ClassUtils.forName(EXPORTER, null))).hasSize(1);
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("Support Agent")
					.input("Where is ticket 7?")
					.call(() -> tracer.callTool("lookup_ticket", Map.of("id", 7), () -> "ticket 7"));
				context.close();
			});
		assertThat(this.requests).isNotEmpty().allSatisfy((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/v1/traces/ingest");
			assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
		});
		String bodies = String.join("\n", this.requests.stream().map(Request::body).toList());
		assertThat(bodies).contains("\"object\":\"trace\"", "\"object\":\"trace.span\"", "\"workflow_name\"",
				"lookup_ticket");
	}

	@Test
	void sendsNothingWhenAutoTracingIsDisabled() {
		runner()
			.withInitializer((context) -> CelestoEnvironmentVariablesTests.withVariables(context, Map
				.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", baseUrl(), "CELESTO_DISABLE_AUTO_TRACING", "true")))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ClassUtils.forName(EXPORTER, null))).isEmpty();
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("Support Agent").call(() -> "done");
				context.close();
			});
		assertThat(this.requests).isEmpty();
	}

	@Test
	void aKeyOfAnyShapeIsRedactedFromTheFilesAndTheCelestoBodies() throws Exception {
		String key = "test-secret-123";
		runner()
			.withPropertyValues("celesto.api-key=" + key, "celesto.base-url=" + baseUrl(),
					"tracing.redaction.literals=db-pass-4711")
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				try {
					tracer.newRun("Support Agent")
						.sessionId("secrets")
						.groupId("group-" + key)
						.metadata(Map.of("note", "key " + key, "db", "db-pass-4711"))
						.input("my key is " + key)
						.call(() -> {
							tracer.callTool("lookup", Map.of("token_hint", key, "q", "x " + key), () -> "got " + key);
							return tracer.callTool("fail", Map.of(), () -> {
								throw new IllegalStateException("refused " + key + " and db-pass-4711");
							});
						});
				}
				catch (IllegalStateException expected) {
					// the tool's failure reaches the caller as it was
				}
				context.close();
			});
		String file = java.nio.file.Files.readString(this.traces.resolve("secrets.jsonl"));
		assertThat(file).doesNotContain(key, "db-pass-4711").contains("[REDACTED]");
		assertThat(file.split("\\[REDACTED]", -1).length - 1).isGreaterThanOrEqualTo(9);
		String bodies = String.join("\n", this.requests.stream().map(Request::body).toList());
		assertThat(bodies).isNotEmpty().doesNotContain(key, "db-pass-4711");
		assertThat(this.requests)
			.allSatisfy((request) -> assertThat(request.authorization()).isEqualTo("Bearer " + key));
	}

	record Request(String method, String path, String authorization, String body) {
	}

	@Test
	void usersOwnCelestoExporterReplacesTheAutomaticOne() {
		runner()
			.withInitializer((context) -> CelestoEnvironmentVariablesTests.withVariables(context,
					Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", "http://127.0.0.1:9/unused")))
			.withBean("myCelesto", dev.agenttracing.export.celesto.CelestoExporter.class,
					() -> dev.agenttracing.export.celesto.CelestoExporter.builder()
						.baseUrl(java.net.URI.create(baseUrl()))
						.token("cel_custom0123456789")
						.maxBatchSize(512)
						.batchDelay(java.time.Duration.ofSeconds(2))
						.build())
			.run((context) -> {
				assertThat(context.getBeansOfType(dev.agenttracing.export.celesto.CelestoExporter.class))
					.containsOnlyKeys("myCelesto");
				AgentTracer tracer = context.getBean(AgentTracer.class);
				assertThat(tracer.stats()).containsKeys("JsonlExporter", "CelestoExporter");
				tracer.newRun("agent").call(() -> "done");
				context.close();
			});
		assertThat(this.requests).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.authorization()).isEqualTo("Bearer cel_custom0123456789"));
	}

}
