package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application with Actuator's {@code env} and {@code configprops} endpoints
 * exposed and their values shown never shows the Celesto key or a redaction literal.
 */
class ActuatorSecretsTests {

	private static final String KEY = "test-secret-123";

	private static final String LITERAL = "db-pass-4711";

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path workDir;

	private static ConfigurableApplicationContext app;

	private static String url;

	@BeforeAll
	static void start() {
		app = SpringApplication.run(SecretsApplication.class, "--server.port=0", "--server.address=127.0.0.1",
				"--management.endpoints.web.exposure.include=env,configprops",
				"--management.endpoint.env.show-values=always", "--management.endpoint.configprops.show-values=always",
				"--celesto.api-key=" + KEY, "--celesto.base-url=http://127.0.0.1:9/v1",
				"--celesto.disable-auto-tracing=true", "--tracing.redaction.literals[0]=" + LITERAL,
				"--tracing.jsonl.dir=" + workDir.resolve("traces"));
		url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	private static String get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Test
	void theEnvEndpointShowsTheKeyAndTheLiteralsMasked() throws Exception {
		String env = get("/actuator/env");
		assertThat(env).contains("celesto.api-key", "tracing.redaction.literals[0]", "******")
			.doesNotContain(KEY, LITERAL);
		assertThat(get("/actuator/env/celesto.api-key")).doesNotContain(KEY).contains("******");
		// other values are still shown: the endpoint is not masked as a whole
		assertThat(env).contains("\"server.address\"", "127.0.0.1");
	}

	@Test
	void theConfigpropsEndpointShowsTheKeyAndTheLiteralsMasked() throws Exception {
		String configprops = get("/actuator/configprops");
		assertThat(configprops).contains("celesto", "apiKey", "******").doesNotContain(KEY, LITERAL);
		assertThat(configprops).contains("\"maxFieldLength\":100000");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
	static class SecretsApplication {

	}

}
