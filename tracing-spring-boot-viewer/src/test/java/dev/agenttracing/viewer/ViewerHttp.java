package dev.agenttracing.viewer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP requests to an application on 127.0.0.1, with bounded waits. */
final class ViewerHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String root;

	private @Nullable String authorization;

	ViewerHttp(String root) {
		this.root = root;
	}

	/** The same client, sending HTTP basic credentials. */
	ViewerHttp as(String user, String password) {
		ViewerHttp http = new ViewerHttp(this.root);
		http.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return http;
	}

	/** Sends a request; {@code rawPath} goes on the wire exactly as given. */
	Response send(String method, String rawPath) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.root + rawPath))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		long started = System.nanoTime();
		HttpResponse<byte[]> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		return new Response(response.statusCode(), response.body(), response.headers().map(),
				Duration.ofNanos(System.nanoTime() - started));
	}

	Response get(String rawPath) throws IOException, InterruptedException {
		return send("GET", rawPath);
	}

	/** A GET that must answer 200 with a JSON object. */
	Map<String, Object> json(String rawPath) throws IOException, InterruptedException {
		Response response = get(rawPath);
		if (response.status() != 200) {
			throw new AssertionError("GET " + rawPath + " answered " + response.status() + ": " + response.text());
		}
		return response.json();
	}

	record Response(int status, byte[] body, Map<String, List<String>> headers, Duration took) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		Map<String, Object> json() {
			return json.readValue(this.body, new TypeReference<Map<String, Object>>() {
			});
		}

		@Nullable String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

	}

}
