package dev.agenttracing.viewer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.agenttracing.viewer.ViewerTestApplication.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer in running applications with Spring Security on the class path: only an
 * authenticated user with {@code tracing.viewer.role} gets in, even when the
 * application's own rules permit every request. ({@link TraceViewerApiTests} runs the
 * application without Spring Security: open to all.)
 */
class TraceViewerSecurityTests {

	private static final String SESSIONS = "/agent-traces/api/sessions";

	@TempDir
	static Path traces;

	/** The test application with form login and HTTP basic. */
	static ConfigurableApplicationContext loginApplication;

	@BeforeAll
	static void startApplication() throws Exception {
		new TraceLines("secured").line("RunStarted", Instant.parse("2026-11-22T04:00:00Z"), "run-1", "span_1")
			.appendTo(traces.resolve("secured.jsonl"));
		loginApplication = ViewerTestApplication.start(traces);
	}

	@AfterAll
	static void stopApplication() {
		if (loginApplication != null) {
			loginApplication.close();
		}
	}

	@Test
	void letsInOnlyAnAuthenticatedUserWithTheViewerRole() throws Exception {
		ViewerHttp anonymous = new ViewerHttp(ViewerTestApplication.rootUrl(loginApplication));
		for (String path : new String[] { "/agent-traces", "/agent-traces/viewer.js", SESSIONS,
				SESSIONS + "/secured/runs" }) {
			ViewerHttp.Response response = anonymous.get(path);
			assertThat(response.status()).as("anonymous GET %s", path).isEqualTo(401);
			assertThat(response.text()).doesNotContain("run-1").doesNotContain("Agent traces");
		}
		ViewerHttp.Response refused = anonymous.as("developer", PASSWORD).get(SESSIONS);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.text()).doesNotContain("secured");
		assertThat(anonymous.as("viewer", "wrong-password").get(SESSIONS).status()).isEqualTo(401);
		ViewerHttp viewer = anonymous.as("viewer", PASSWORD);
		assertThat(viewer.json(SESSIONS + "/secured/runs")).containsEntry("total", 1);
		assertThat(viewer.get("/agent-traces").text()).contains("Agent traces");
		assertThat(anonymous.get("/agent/ask?user=someone&question=hi").status()).isEqualTo(200);
	}

	@Test
	void sendsABrowserToTheApplicationsLoginPage() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create(ViewerTestApplication.rootUrl(loginApplication) + "/agent-traces"))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void staysClosedWhenTheApplicationsOwnRulesPermitEveryRequestAndUsesTheConfiguredRoleAndPath() throws Exception {
		try (ConfigurableApplicationContext context = ViewerTestApplication.start(traces, "viewer-test.security=open",
				"tracing.viewer.role=AUDITOR", "tracing.viewer.path=/internal/traces")) {
			ViewerHttp anonymous = new ViewerHttp(ViewerTestApplication.rootUrl(context));
			String sessions = "/internal/traces/api/sessions";
			assertThat(anonymous.get(sessions).status()).isEqualTo(401);
			assertThat(anonymous.get("/internal/traces").status()).isEqualTo(401);
			assertThat(anonymous.as("viewer", PASSWORD).get(sessions).status()).isEqualTo(403);
			assertThat(anonymous.as("auditor", PASSWORD).json(sessions + "/secured/runs")).containsEntry("total", 1);
			assertThat(anonymous.get("/agent/ask?user=someone&question=hi").status()).isEqualTo(200);
			assertThat(anonymous.as("auditor", PASSWORD).get(SESSIONS).status()).isEqualTo(404);
		}
	}

	@Test
	void staysClosedWhenSpringSecurityIsOnTheClassPathButGuardsNoWebRequests() throws Exception {
		try (ConfigurableApplicationContext context = ViewerTestApplication
			.start(traces, "viewer-test.security=none", "spring.autoconfigure.exclude="
					+ ServletWebSecurityAutoConfiguration.class.getName() + ","
					+ SecurityFilterAutoConfiguration.class.getName() + ","
					+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration")) {
			assertThat(context.containsBean("springSecurityFilterChain")).isFalse();
			ViewerHttp.Response response = new ViewerHttp(ViewerTestApplication.rootUrl(context)).get(SESSIONS);
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.text()).contains("no security filter chain").doesNotContain("secured");
		}
	}

}
