package dev.agenttracing.sample;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged sample jar running as a separate process ({@code java -jar}), as a user
 * runs it: its own working directory, environment variables and command line, its output
 * in {@code app.log}.
 */
final class SampleProcess implements AutoCloseable {

	/** Start-up takes a few seconds; much more on a busy machine. */
	static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final int port;

	private SampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the jar on a free port and waits until it is healthy.
	 * @param workDir the working directory (where {@code ./traces} is)
	 * @param environment environment variables besides the inherited ones
	 * ({@code CELESTO_*}, {@code TRACING_*} and {@code SPRING_*} variables are not
	 * inherited)
	 * @param args command line arguments
	 */
	static SampleProcess start(Path workDir, Map<String, String> environment, String... args) throws Exception {
		return start(workDir, environment, List.of(), args);
	}

	/**
	 * Starts the jar with these JVM options (such as {@code -Xmx256m}) on a free port and
	 * waits until it is healthy.
	 */
	static SampleProcess start(Path workDir, Map<String, String> environment, List<String> jvmOptions, String... args)
			throws Exception {
		Path log = workDir.resolve("app.log");
		ProcessBuilder builder = processBuilder(workDir, log, environment, jvmOptions, args);
		Process process = builder.start();
		try {
			int port = awaitPort(process, log);
			SampleProcess sample = new SampleProcess(process, log, port);
			sample.awaitHealthy();
			return sample;
		}
		catch (Exception | AssertionError ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	/** Runs the jar to its end, for a start-up that must fail; returns the exit code. */
	static int runToExit(Path workDir, Map<String, String> environment, String... args) throws Exception {
		ProcessBuilder builder = processBuilder(workDir, workDir.resolve("app.log"), environment, List.of(), args);
		Process process = builder.start();
		if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the application neither started nor stopped within " + START_TIMEOUT);
		}
		return process.exitValue();
	}

	private static ProcessBuilder processBuilder(Path workDir, Path log, Map<String, String> environment,
			List<String> jvmOptions, String... args) {
		// a quick start on a busy machine: no optimizing compiler, the simplest collector
		List<String> command = new ArrayList<>(
				List.of(javaExecutable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar().toString(), "--server.port=0"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.keySet()
			.removeIf(
					(name) -> name.startsWith("CELESTO_") || name.startsWith("TRACING_") || name.startsWith("SPRING_"));
		builder.environment().putAll(environment);
		return builder;
	}

	/** The packaged jar, as the build passes it. */
	static Path jar() {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException(
					"sample.jar must name the packaged jar (run with mvn verify), but is " + jar);
		}
		return Path.of(jar);
	}

	SampleHttp http() {
		return new SampleHttp(this.port);
	}

	int port() {
		return this.port;
	}

	String output() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	/**
	 * Sends SIGTERM ({@link Process#destroy()} on Linux and macOS) and waits for the
	 * process to end.
	 * @return the exit code
	 */
	int terminate() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("the application did not stop within " + STOP_TIMEOUT + " of SIGTERM");
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	private static int awaitPort(Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
			Matcher started = STARTED.matcher(output);
			if (started.find()) {
				return Integer.parseInt(started.group(1));
			}
			if (!process.isAlive()) {
				throw new AssertionError("the application exited with " + process.exitValue() + ":\n" + output);
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the application did not start within " + START_TIMEOUT + ":\n"
				+ Files.readString(log, StandardCharsets.UTF_8));
	}

	private void awaitHealthy() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
			.timeout(Duration.ofSeconds(10))
			.build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		String last = "";
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
				last = response.statusCode() + " " + response.body();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			Thread.sleep(200);
		}
		throw new AssertionError("/actuator/health not UP within " + START_TIMEOUT + ": " + last);
	}

	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
