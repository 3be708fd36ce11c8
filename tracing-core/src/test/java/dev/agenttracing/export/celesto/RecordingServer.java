package dev.agenttracing.export.celesto;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers as told: the
 * stand-in for Celesto's ingest in the tests. It can stop listening and start again on
 * the same port.
 */
final class RecordingServer implements AutoCloseable {

	static final String PATH = "/v1/traces/ingest";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "recording-server");
		thread.setDaemon(true);
		return thread;
	});

	private final int port;

	private volatile Responder responder = (index, request) -> Reply.ok();

	private volatile HttpServer server;

	private RecordingServer(HttpServer server) {
		this.server = server;
		this.port = server.getAddress().getPort();
	}

	/** A server on a free port of 127.0.0.1 that answers 200 until told otherwise. */
	static RecordingServer start() throws IOException {
		RecordingServer recording = new RecordingServer(HttpServer.create(new InetSocketAddress(loopback(), 0), 0));
		recording.listen(recording.server);
		return recording;
	}

	/** The ingest URL of this server. */
	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port + PATH);
	}

	/** How to answer the requests from now on. */
	void respond(Responder responder) {
		this.responder = responder;
	}

	/** Stops listening: connections are refused until {@link #restart()}. */
	void stop() {
		this.server.stop(0);
	}

	/** Listens again on the same port. */
	void restart() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), this.port), 0);
		listen(server);
		this.server = server;
	}

	/** Every request received so far, in order of arrival, with how it was answered. */
	List<Exchange> exchanges() {
		return List.copyOf(this.exchanges);
	}

	/** The requests answered with a 2xx status. */
	List<Exchange> delivered() {
		return exchanges().stream().filter(exchange -> exchange.status() >= 200 && exchange.status() < 300).toList();
	}

	/** The items of every request answered with a 2xx status, in order. */
	List<Map<String, Object>> deliveredItems() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (Exchange exchange : delivered()) {
			items.addAll(exchange.items());
		}
		return items;
	}

	/**
	 * Waits until at least {@code count} requests were received.
	 * @return the requests received by then
	 * @throws AssertionError if they did not come within the timeout
	 */
	List<Exchange> awaitRequests(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.exchanges.size() < count) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError(
						"expected " + count + " requests within " + timeout + " but got " + this.exchanges.size());
			}
			Thread.sleep(10);
		}
		return exchanges();
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void listen(HttpServer server) {
		server.createContext("/", this::handle);
		server.setExecutor(this.executor);
		server.start();
	}

	private void handle(HttpExchange http) throws IOException {
		try {
			byte[] body = http.getRequestBody().readAllBytes();
			Map<String, List<String>> headers = new LinkedHashMap<>();
			http.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
			Request request = new Request(http.getRequestMethod(), http.getRequestURI().getPath(), headers, body,
					System.nanoTime());
			Reply reply = this.responder.reply(this.count.getAndIncrement(), request);
			this.exchanges.add(new Exchange(request, reply.hang() ? 0 : reply.status()));
			if (reply.hang()) {
				this.release.await(60, TimeUnit.SECONDS);
				return;
			}
			reply.headers().forEach((name, value) -> http.getResponseHeaders().add(name, value));
			byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
			http.sendResponseHeaders(reply.status(), (answer.length > 0) ? answer.length : -1);
			if (answer.length > 0) {
				try (OutputStream out = http.getResponseBody()) {
					out.write(answer);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			http.close();
		}
	}

	private static InetAddress loopback() throws IOException {
		return InetAddress.getByName("127.0.0.1");
	}

	/** Decides the answer to the request with the given index (0 for the first). */
	@FunctionalInterface
	interface Responder {

		Reply reply(int index, Request request);

	}

	/** One request as received: header names in lower case. */
	record Request(String method, String path, Map<String, List<String>> headers, byte[] body, long receivedNanos) {

		String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items() {
			Map<String, Object> json = mapper.readValue(this.body, Map.class);
			return (List<Map<String, Object>>) json.get("data");
		}

	}

	/** A request and the status it was answered with (0 when it was never answered). */
	record Exchange(Request request, int status) {

		List<Map<String, Object>> items() {
			return this.request.items();
		}

	}

	/** How to answer one request. */
	record Reply(int status, Map<String, String> headers, String body, boolean hang) {

		static Reply ok() {
			return status(200);
		}

		static Reply status(int status) {
			return new Reply(status, Map.of(), "", false);
		}

		/** Never answers: the request waits until the server is closed. */
		static Reply noAnswer() {
			return new Reply(0, Map.of(), "", true);
		}

		Reply withBody(String body) {
			return new Reply(this.status, this.headers, body, this.hang);
		}

		Reply withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Reply(this.status, headers, this.body, this.hang);
		}

	}

}
