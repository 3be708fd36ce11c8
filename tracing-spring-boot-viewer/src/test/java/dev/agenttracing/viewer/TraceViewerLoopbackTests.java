package dev.agenttracing.viewer;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer without Spring Security, in a running application: it answers only requests
 * from this machine to a loopback host name, unless
 * {@code tracing.viewer.allow-remote=true}. The application takes the client's address
 * from {@code X-Forwarded-For} (as behind a reverse proxy on the same machine), so that a
 * request from another machine can be made from here.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceViewerLoopbackTests {

	private static final String SESSIONS = "/agent-traces/api/sessions";

	@TempDir
	static Path traces;

	static ConfigurableApplicationContext context;

	static int port;

	@BeforeAll
	static void startApplication() throws Exception {
		new TraceLines("local").line("RunStarted", Instant.parse("2026-11-22T04:00:00Z"), "run-1", "span_1")
			.appendTo(traces.resolve("local.jsonl"));
		context = ViewerTestApplication.startWithoutSpringSecurity(traces, "server.forward-headers-strategy=native");
		port = port(context);
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "localhost", "LOCALHOST", "[::1]", "127.0.0.2" })
	void answersRequestsToALoopbackHostName(String host) throws Exception {
		RawHttp.Response response = RawHttp.get(port, SESSIONS, host + ":" + port);
		assertThat(response.status()).as("Host: %s", host).isEqualTo(200);
		assertThat(response.text()).contains("\"session_id\":\"local\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io", "[::2]",
			"192.168.1.10", "0.0.0.0" })
	void refusesRequestsToAnyOtherHostNameAsADnsRebindingPageSendsThem(String host) throws Exception {
		for (String path : new String[] { SESSIONS, SESSIONS + "/local/runs", "/agent-traces" }) {
			RawHttp.Response response = RawHttp.get(port, path, host);
			assertThat(response.status()).as("GET %s with Host: %s", path, host).isEqualTo(403);
			assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(response.text()).contains("\"status\":403")
				.contains("tracing.viewer.allow-remote")
				.doesNotContain("run-1")
				.doesNotContain("Agent traces");
		}
	}

	@Test
	void refusesRequestsFromAnotherMachine() throws Exception {
		RawHttp.Response response = RawHttp.get(port, SESSIONS, "localhost:" + port, "X-Forwarded-For: 203.0.113.7");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.text()).contains("only requests from this machine").doesNotContain("run-1");
		assertThat(RawHttp.get(port, SESSIONS, "localhost:" + port, "X-Forwarded-For: 127.0.0.1").status())
			.isEqualTo(200);
	}

	@Test
	void leavesTheApplicationsOwnEndpointsAlone() throws Exception {
		assertThat(RawHttp.get(port, "/agent/ask?user=someone&question=hi", "attacker.example").status())
			.isEqualTo(200);
	}

	@Test
	void answersEveryHostAndMachineWithAllowRemoteAndWarnsOnceAtStartUp(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext open = ViewerTestApplication.startWithoutSpringSecurity(traces,
				"server.forward-headers-strategy=native", "tracing.viewer.allow-remote=true")) {
			int openPort = port(open);
			assertThat(RawHttp.get(openPort, SESSIONS, "attacker.example").status()).isEqualTo(200);
			assertThat(RawHttp.get(openPort, SESSIONS, "localhost", "X-Forwarded-For: 203.0.113.7").status())
				.isEqualTo(200);
			assertThat(output.getOut().lines().filter((line) -> line.contains("tracing.viewer.allow-remote=true")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("WARN"));
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
