package dev.agenttracing.export.celesto;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.SpoolSettings;

/**
 * The application of {@link CelestoSpoolRestartTests}, run in a JVM of its own: a tracer
 * that sends to Celesto with a spool, a shutdown hook with a 2 s deadline, and a number
 * of runs (-1: until killed). Prints {@code run <trace id>} after each run and
 * {@code traced <n>} when done, then waits to be stopped.
 * <p>
 * Arguments: endpoint, spool directory, runs, attempts per request, pause between runs in
 * milliseconds.
 */
public final class SpoolChild {

	private SpoolChild() {
	}

	public static void main(String[] args) throws Exception {
		URI endpoint = URI.create(args[0]);
		Path spool = Path.of(args[1]);
		int runs = Integer.parseInt(args[2]);
		int attempts = Integer.parseInt(args[3]);
		long pause = Long.parseLong(args[4]);
		CelestoExporter celesto = CelestoExporter.builder()
			.endpoint(endpoint)
			.token("child-token-0123456789abcdef")
			.timeout(Duration.ofSeconds(2))
			.maxAttempts(attempts)
			.initialBackoff(Duration.ofMillis(50))
			.maxBackoff(Duration.ofMillis(100))
			.spool(SpoolSettings.of(spool).withMaxRetryInterval(Duration.ofMillis(500)))
			.build();
		AgentTracer tracer = AgentTracer.builder()
			.exporter("celesto", celesto)
			.shutdownHook(true)
			.shutdownTimeout(Duration.ofSeconds(2))
			.build();
		PrintStream out = System.out;
		out.println("started");
		out.flush();
		int traced = 0;
		for (int i = 0; runs < 0 || i < runs; i++) {
			AgentRun run = tracer.newRun("Agent").input("question " + i).start();
			run.startTool("lookup", Map.of("i", i)).complete("result " + i);
			run.complete("answer " + i);
			traced++;
			out.println("run " + run.info().traceId());
			out.flush();
			if (pause > 0) {
				Thread.sleep(pause);
			}
		}
		out.println("traced " + traced);
		out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
