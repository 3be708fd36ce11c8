package dev.agenttracing;

/**
 * A piece of work that returns a value and may throw, run inside a traced run or tool
 * call.
 *
 * <pre>{@code
 * String answer = tracer.newRun("Support Agent").input(question).call(() -> agent.answer(question));
 * }</pre>
 *
 * @param <T> the result type
 * @param <E> the exception type, inferred from the lambda
 */
@FunctionalInterface
public interface TracedCall<T, E extends Throwable> {

	/**
	 * Does the work.
	 * @return the result
	 * @throws E if the work fails; it is recorded and rethrown unchanged
	 */
	T call() throws E;

}
