package dev.agenttracing;

import org.jspecify.annotations.Nullable;

/**
 * What a run ({@link AgentRun}), a tool call ({@link ToolCall}) and a model call
 * ({@link ModelCall}) have in common: a piece of traced work that is completed or failed
 * once, can be made current on a thread, and can be detached from the thread that started
 * it when it finishes elsewhere. Every method is safe from any thread and never throws; a
 * span that is not recorded (a call started outside any run) does nothing. Implemented by
 * this library only.
 *
 * <pre>{@code
 * TracedSpan span = run.startTool("lookup_ticket", Map.of("id", 7));
 * Ticket ticket = span.call(() -> tickets.find(7));   // completes or fails the span
 *
 * TracedSpan later = run.startModelCall("gpt-5-mini", "openai", messages);
 * CompletableFuture<String> answer = span.call(() -> client.completeAsync(messages));
 * // the model call ends when the future completes, with its value or exception
 * }</pre>
 */
public interface TracedSpan extends AutoCloseable {

	/**
	 * Whether this span is recorded (a tool or model call started outside any run is
	 * not).
	 */
	boolean isRecorded();

	/**
	 * Completes the span with what the work produced. Later calls, and calls after
	 * {@link #fail}, do nothing.
	 * @param output the run's output, the tool's result or the model's answer
	 */
	void complete(@Nullable Object output);

	/**
	 * Fails the span. Later calls, and calls after {@link #complete}, do nothing.
	 * @param error what the work threw
	 */
	void fail(Throwable error);

	/**
	 * Makes this span the current one of the calling thread until the scope closes: a run
	 * becomes the parent of the tool and model calls started on the thread, a model call
	 * the one {@link ModelCall#current()} reports, a tool call the one
	 * {@link ToolCall#current()} reports.
	 * @return the scope that restores what was current before; close it on this thread
	 */
	Scope makeCurrent();

	/**
	 * Ends this span's scope on the thread that started it, without finishing it: for
	 * work that finishes later on another thread. Call {@link #complete} or {@link #fail}
	 * from wherever it ends.
	 */
	void detach();

	/**
	 * Runs the span's work on this thread and finishes the span with what it returns or
	 * throws (the exception is rethrown unchanged). A model call is current while its
	 * body runs. When the body returns a {@link java.util.concurrent.CompletionStage},
	 * the span is detached and finishes when the stage completes; a plain
	 * {@code CompletableFuture} is then replaced by one that completes right after the
	 * span is recorded (cancelling it cancels the body's).
	 * @param body the work
	 * @return what the body returned
	 * @throws E what the body threw
	 */
	<T, E extends Throwable> T call(TracedCall<T, E> body) throws E;

	/** Completes the span without output if it is still open. */
	@Override
	void close();

}
