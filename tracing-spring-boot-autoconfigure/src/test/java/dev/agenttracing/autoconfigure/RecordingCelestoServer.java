package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Celesto trace ingest on 127.0.0.1 and a free port that answers every request with
 * {@code 200 {}} and keeps the bodies it was sent.
 */
public final class RecordingCelestoServer implements AutoCloseable {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	public RecordingCelestoServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				this.bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
	}

	/** The properties that send an application's traces here, in batches of 100 ms. */
	public String[] properties() {
		return new String[] { "celesto.api-key=cel_localtest0123456789",
				"celesto.base-url=http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1",
				"celesto.batch-delay=100ms" };
	}

	/** Every item ({@code data} element) of every body received, in order. */
	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> items() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (String body : this.bodies) {
			items.addAll((List<Map<String, Object>>) mapper.readValue(body, Map.class).get("data"));
		}
		return items;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
