package dev.agenttracing.viewer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer in a running application (without Spring Security) that has its own
 * {@link ViewerAccess}: the application's check decides, and its refusal is answered as
 * the viewer's JSON error.
 */
class TraceViewerCustomAccessTests {

	private static final String SESSIONS = "/agent-traces/api/sessions";

	@TempDir
	static Path traces;

	static ConfigurableApplicationContext context;

	static HttpClient client = HttpClient.newHttpClient();

	@BeforeAll
	static void startApplication() throws Exception {
		new TraceLines("custom").line("RunStarted", Instant.parse("2026-11-22T04:00:00Z"), "run-1", "span_1")
			.appendTo(traces.resolve("custom.jsonl"));
		context = ViewerTestApplication.startWithoutSpringSecurity(traces, "viewer-test.access=header");
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void answersWhatTheApplicationsOwnCheckLetsIn() throws Exception {
		HttpResponse<String> refused = get(SESSIONS, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("\"status\":403").contains("send X-Trace-Viewer: yes");
		assertThat(get("/agent-traces", null).statusCode()).isEqualTo(403);

		HttpResponse<String> allowed = get(SESSIONS, "yes");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.body()).contains("\"session_id\":\"custom\"");
		assertThat(context.getBean(ViewerAccess.class)).isNotInstanceOf(SpringSecurityViewerAccess.class);
	}

	private static HttpResponse<String> get(String path, String header) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ViewerTestApplication.rootUrl(context) + path));
		if (header != null) {
			request.header("X-Trace-Viewer", header);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
