package dev.agenttracing;

/**
 * Undoes a change of the current tracing context when closed. Close it on the thread that
 * opened it.
 *
 * <pre>{@code
 * try (Scope scope = RunConfig.of("ticket-queue-jan-13", Map.of("team", "support")).open()) {
 *     agent.run("Summarize today's urgent tickets.");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {

	@Override
	void close();

}
