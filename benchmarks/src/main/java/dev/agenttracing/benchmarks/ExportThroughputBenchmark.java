package dev.agenttracing.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.celesto.CelestoExporter;
import dev.agenttracing.export.jsonl.JsonlExporter;

/**
 * Events per second through one exporter's {@link ExportChannel}, the queue and worker
 * the tracer gives each exporter: each operation offers {@value #EVENTS} events (the four
 * of a run with one tool call, repeated) and waits until the worker has exported them
 * all, so the score is events/s end to end. Nothing may be dropped or fail: the iteration
 * throws if anything was.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ExportThroughputBenchmark {

	static final int EVENTS = 8192;

	/**
	 * The JSONL exporter writing one session file in a new temporary directory per
	 * iteration.
	 */
	@State(Scope.Benchmark)
	public static class Jsonl {

		/**
		 * Events per export call: {@code default} is what the exporter declares and the
		 * tracer uses unless {@code tracing.batch-size} is set (what is queued, up to
		 * 512, without waiting); a number is a fixed batch of that size.
		 */
		@Param({ "default", "1", "64", "512" })
		public String batchSize = "default";

		/**
		 * Whether each line is written to the file at once (the default) or buffered up
		 * to 64 KiB.
		 */
		@Param({ "true", "false" })
		public boolean flushEach;

		TraceEvent[] events;

		Path dir;

		ExportChannel channel;

		@Setup(Level.Trial)
		public void events() {
			this.events = SampleEvents.repeated(EVENTS);
		}

		@Setup(Level.Iteration)
		public void open() throws IOException {
			this.dir = Files.createTempDirectory("agent-tracing-bench");
			JsonlExporter exporter = new JsonlExporter(this.dir, this.flushEach, false);
			ExportBatching batching = "default".equals(this.batchSize) ? exporter.batching()
					: ExportBatching.fixed(Integer.parseInt(this.batchSize), Duration.ofSeconds(5));
			this.channel = new ExportChannel("jsonl", exporter, batching, 2 * EVENTS);
		}

		@TearDown(Level.Iteration)
		public void close() throws IOException {
			this.channel.shutdown(Duration.ofSeconds(30));
			requireAllExported(this.channel);
			deleteRecursively(this.dir);
		}

	}

	/**
	 * The Celesto exporter posting to an HTTP server on 127.0.0.1 that reads each body
	 * and answers 200.
	 */
	@State(Scope.Benchmark)
	public static class Celesto {

		/** Items per request: 256 is the exporter's default (and agentor's). */
		@Param({ "256", "1024" })
		public int maxBatchSize;

		TraceEvent[] events;

		HttpServer server;

		final LongAdder requests = new LongAdder();

		final LongAdder bytes = new LongAdder();

		CelestoExporter exporter;

		ExportChannel channel;

		@Setup(Level.Trial)
		public void start() throws IOException {
			// like any production HTTP server, answer without Nagle's delay (the JDK
			// server's default keeps it)
			System.setProperty("sun.net.httpserver.nodelay", "true");
			this.events = SampleEvents.repeated(EVENTS);
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
			byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
			this.server.createContext("/v1/traces/ingest", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					this.bytes.add(body.readAllBytes().length);
				}
				this.requests.increment();
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, ok.length);
				exchange.getResponseBody().write(ok);
				exchange.close();
			});
			this.server.start();
		}

		@Setup(Level.Iteration)
		public void open() {
			this.exporter = CelestoExporter.builder()
				.baseUrl(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1"))
				.token("cel_benchmark_token")
				.maxBatchSize(this.maxBatchSize)
				.build();
			this.channel = new ExportChannel("celesto", this.exporter, this.exporter.batching(), 2 * EVENTS);
		}

		@TearDown(Level.Iteration)
		public void close() {
			this.channel.shutdown(Duration.ofSeconds(30));
			requireAllExported(this.channel);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.server.stop(0);
			System.out.printf("%ncelesto sink: %d requests, %.1f MB received%n", this.requests.sum(),
					this.bytes.sum() / 1e6);
		}

	}

	/** JSONL: events/s from offer to the line written. */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public boolean jsonl(Jsonl state) {
		return offerAndFlush(state.channel, state.events);
	}

	/**
	 * Celesto (default batches of up to 256 items) to the loopback sink: events/s from
	 * offer to HTTP 200.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public boolean celesto(Celesto state) {
		return offerAndFlush(state.channel, state.events);
	}

	private static boolean offerAndFlush(ExportChannel channel, TraceEvent[] events) {
		for (TraceEvent event : events) {
			channel.offer(event);
		}
		return channel.flush(Duration.ofSeconds(60));
	}

	static void requireAllExported(ExportChannel channel) {
		ExporterStats stats = channel.stats();
		if (stats.dropped() > 0 || stats.failed() > 0 || stats.exported() != stats.accepted()) {
			throw new IllegalStateException("not every event was exported: " + stats);
		}
	}

	static void deleteRecursively(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
