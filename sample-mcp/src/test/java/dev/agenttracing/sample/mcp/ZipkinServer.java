package dev.agenttracing.sample.mcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server, started from its exec jar (copied from Maven Central by the
 * build) as a separate {@code java} process on 127.0.0.1 and a free port, and stopped on
 * {@link #close()}.
 */
final class ZipkinServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private final Process process;

	private final Path log;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ZipkinServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	static ZipkinServer start(Path workDir) throws IOException, InterruptedException {
		String jar = System.getProperty("zipkin.server.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("The Zipkin server jar is missing (system property zipkin.server.jar = "
					+ jar + "); the build copies it with maven-dependency-plugin: run the test through Maven");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = workDir.resolve("zipkin.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--server.port=" + port,
				"--server.address=127.0.0.1", "--logging.level.root=WARN")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ZipkinServer server = new ZipkinServer(process, log, port);
		server.awaitHealthy();
		return server;
	}

	private void awaitHealthy() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The Zipkin server exited with code " + this.process.exitValue()
						+ " before it was healthy; its output:\n" + tail());
			}
			try {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException(
				"The Zipkin server was not healthy within " + STARTUP_TIMEOUT + "; its output:\n" + tail());
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	String get(String path) throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private String tail() throws IOException {
		String text = Files.exists(this.log) ? Files.readString(this.log) : "";
		return (text.length() > 4000) ? text.substring(text.length() - 4000) : text;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
