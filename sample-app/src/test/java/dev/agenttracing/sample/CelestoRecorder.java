package dev.agenttracing.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Celesto's ingest API on 127.0.0.1: records every request and answers
 * 200.
 */
final class CelestoRecorder implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new ArrayList<>();

	CelestoRecorder() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::record);
		this.server.start();
	}

	/** The base URL to give as {@code CELESTO_BASE_URL}. */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	synchronized List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Every item of every request body, in the order received. */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> items() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (Request request : requests()) {
			items.addAll((List<Map<String, Object>>) SampleHttp.parse(request.body()).get("data"));
		}
		return items;
	}

	private void record(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					new String(body.readAllBytes(), StandardCharsets.UTF_8));
			synchronized (this) {
				this.requests.add(request);
			}
		}
		byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One request as received. */
	record Request(String method, String path, String authorization, String body) {
	}

}
