package dev.agenttracing.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running sample application on 127.0.0.1 with the JDK's HTTP client, as any
 * client would.
 */
final class SampleHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	SampleHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** Posts a JSON body. */
	Response postJson(String path, String body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Posts with any content type, or none when {@code contentType} is null. */
	Response post(String path, HttpRequest.BodyPublisher body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	/**
	 * Gets a path, sent exactly as written (percent-encodings and dot segments included).
	 */
	Response get(String rawPath) {
		return send(HttpRequest.newBuilder(uri(rawPath)).GET());
	}

	/** Runs the agent and returns its answer; fails unless the status is 200. */
	Map<String, Object> run(String input, String sessionId) {
		Response response = postJson("/api/agent/runs", json(Map.of("input", input, "sessionId", sessionId)));
		if (response.status() != 200) {
			throw new AssertionError("run failed: " + response);
		}
		return response.json();
	}

	private URI uri(String rawPath) {
		return URI.create(this.base + rawPath);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("request to " + this.base + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	static Map<String, Object> parse(String json) {
		return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

	/** An HTTP response. */
	record Response(int status, String contentType, String body) {

		Map<String, Object> json() {
			return parse(this.body);
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> events() {
			return (List<Map<String, Object>>) json().get("events");
		}

	}

}
