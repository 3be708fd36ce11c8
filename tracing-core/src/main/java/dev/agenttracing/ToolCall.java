package dev.agenttracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.internal.CurrentValues;

/**
 * One tool call in progress. Complete it with the result or fail it with the exception; every
 * method is safe from any thread and never throws. A call started outside any run is not recorded
 * (its methods do nothing).
 *
 * <pre>{@code
 * ToolCall call = tracer.startTool("search_kb", Map.of("query", query));
 * try {
 *     List<Article> found = kb.search(query);
 *     call.complete(found);
 *     return found;
 * }
 * catch (RuntimeException ex) {
 *     call.fail(ex);
 *     throw ex;
 * }
 * }</pre>
 */
public final class ToolCall extends ChildCall implements AutoCloseable {

	static final ToolCall NONE = new ToolCall(null, null, null, Instant.EPOCH, 0, ListenerHandles.EMPTY);

	private static final ThreadLocal<ToolCall> CURRENT = CurrentValues.TOOL_CALL;

	private static final VarHandle BODY_CLAIMED;

	static {
		try {
			BODY_CLAIMED = MethodHandles.lookup().findVarHandle(ToolCall.class, "bodyClaimed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final @Nullable ToolInvocation invocation;

	@SuppressWarnings("unused")
	private volatile boolean bodyClaimed;

	ToolCall(@Nullable AgentTracer tracer, @Nullable AgentRun run, @Nullable ToolInvocation invocation,
			Instant startedAt, long startNanos, ListenerHandles handles) {
		super(tracer, run, startedAt, startNanos, handles);
		this.invocation = invocation;
	}

	/**
	 * The tool call made current on this thread with {@link #makeCurrent()}, or a call that records
	 * nothing when there is none.
	 */
	public static ToolCall current() {
		ToolCall call = CURRENT.get();
		return (call != null) ? call : NONE;
	}

	/**
	 * Makes this call the current one of this thread until the scope closes: for integrations that
	 * record a framework's tool calls (such as Spring AI's). The first {@code @TracedTool} method run
	 * inside is taken to be this call's own body and is not recorded a second time; tools that body
	 * calls in turn are recorded as usual.
	 * <pre>{@code
	 * ToolCall call = run.startTool("lookup_ticket", callId, arguments);
	 * try (Scope scope = call.makeCurrent()) {
	 *     call.complete(callback.call(json));
	 * }
	 * }</pre>
	 * @return the scope that restores the previous current call; close it on this thread
	 */
	public Scope makeCurrent() {
		return TracingContext.scoped(CURRENT, this);
	}

	/**
	 * Claims to be this call's own body: true only for the first claim on a recorded call. The aspect
	 * asks before recording a {@code @TracedTool} method, so that a method an integration already
	 * records is recorded once.
	 * @return whether the caller is this call's body and should record nothing itself
	 */
	public boolean claimBody() {
		return this.invocation != null && BODY_CLAIMED.compareAndSet(this, false, true);
	}

	/** Whether this call is recorded (it is not when it was started outside any run). */
	public boolean isRecorded() {
		return this.invocation != null;
	}

	/** The call's id, or {@code null} when it is not recorded. */
	public @Nullable String callId() {
		return (this.invocation != null) ? this.invocation.callId() : null;
	}

	/** The run this call belongs to, if recorded. */
	public @Nullable AgentRun run() {
		return this.run;
	}

	/**
	 * Records the result ({@code ToolCallCompleted}). Later calls do nothing.
	 * @param result what the tool returned
	 */
	public void complete(@Nullable Object result) {
		ToolInvocation invocation = this.invocation;
		if (invocation == null || !claimEnd()) {
			return;
		}
		AgentTracer tracer = this.tracer;
		AgentRun run = this.run;
		finish(tracer, tracer.build(() -> {
			Duration duration = elapsed(tracer);
			return new ToolCallCompleted(this.startedAt.plus(duration), run.info(), invocation,
					tracer.sanitizer().content(result), duration);
		}), null);
	}

	/**
	 * Records the failure ({@code ToolCallError}). Later calls do nothing.
	 * @param error what the tool threw
	 */
	public void fail(Throwable error) {
		ToolInvocation invocation = this.invocation;
		if (invocation == null || !claimEnd()) {
			return;
		}
		AgentTracer tracer = this.tracer;
		AgentRun run = this.run;
		finish(tracer, tracer.build(() -> {
			Duration duration = elapsed(tracer);
			return new ToolCallError(this.startedAt.plus(duration), run.info(), invocation, duration,
					tracer.sanitizer().message(error), error.getClass().getSimpleName());
		}), error);
	}

	/**
	 * Ends this call's scope on the thread that started it, without finishing the call: for a tool
	 * whose work finishes later on another thread (see {@link AgentRun#detach()}).
	 */
	public void detach() {
		endScope();
	}

	/** Completes the call without a result if it is still open. */
	@Override
	public void close() {
		complete(null);
	}

	@Override
	public String toString() {
		return (this.invocation != null) ? "ToolCall[" + this.invocation.name() + ", " + this.invocation.callId() + "]"
				: "ToolCall[not recorded]";
	}

}
