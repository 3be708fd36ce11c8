package dev.agenttracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;

/**
 * One tool call in progress. Complete it with the result or fail it with the exception;
 * every method is safe from any thread and never throws. A call started outside any run
 * is not recorded (its methods do nothing).
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
public final class ToolCall extends ChildSpan<ToolInvocation> {

	/** The names of a tool call's events. */
	static final EventNames EVENT_NAMES = new EventNames("ToolCallStarted", "ToolCallCompleted", "ToolCallError");

	static final ToolCall NONE = new ToolCall();

	/**
	 * The current one of each thread; carried between threads by
	 * {@link ToolCallAccessor}.
	 */
	static final ThreadLocal<ToolCall> CURRENT = new ThreadLocal<>();

	private static final VarHandle BODY_CLAIMED;

	static {
		try {
			BODY_CLAIMED = MethodHandles.lookup().findVarHandle(ToolCall.class, "bodyClaimed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused")
	private volatile boolean bodyClaimed;

	private ToolCall() {
	}

	private ToolCall(AgentRun run, ToolInvocation invocation, long startNanos) {
		super(run, invocation, startNanos, ToolCall::sanitized, ListenerHandles::toolStarted,
				ToolInvocation::withOtelSpanId);
	}

	/** Starts a tool call of the run; a call that records nothing if that fails. */
	@SuppressWarnings("unchecked")
	static ToolCall start(AgentRun run, String name, @Nullable String callId, @Nullable Map<String, ?> arguments,
			@Nullable Map<String, String> attributes) {
		try {
			if (!run.pipeline().recordsToolCalls()) {
				// no event of it would be kept and no listener follows it: only the run's
				// list of tools
				run.toolUsed(name);
				return NONE;
			}
			long startNanos = System.nanoTime();
			String[] ids = Ids.spanAndToolCallIds();
			ToolCall call = new ToolCall(run,
					new ToolInvocation((callId != null) ? callId : ids[1], name, ids[0],
							(Map<String, @Nullable Object>) arguments, null, ToolAttributes.of(attributes)),
					startNanos);
			run.toolUsed(name);
			call.emitStarted();
			return call;
		}
		catch (Throwable ex) {
			run.pipeline().failed("tool", ex);
			return NONE;
		}
	}

	/**
	 * The tool call made current on this thread with {@link #makeCurrent()}, or a call
	 * that records nothing when there is none.
	 */
	public static ToolCall current() {
		ToolCall call = CURRENT.get();
		return (call != null) ? call : NONE;
	}

	/**
	 * Makes this call the current one of this thread until the scope closes: for
	 * integrations that record a framework's tool calls (such as Spring AI's). The first
	 * {@code @TracedTool} method run inside is taken to be this call's own body and is
	 * not recorded a second time; tools that body calls in turn are recorded as usual.
	 * <pre>{@code
	 * ToolCall call = run.startTool("lookup_ticket", callId, arguments);
	 * try (Scope scope = call.makeCurrent()) {
	 *     call.complete(callback.call(json));
	 * }
	 * }</pre>
	 * @return the scope that restores the previous current call; close it on this thread
	 */
	@Override
	public Scope makeCurrent() {
		return TracingContext.scoped(CURRENT, this);
	}

	/**
	 * Claims to be this call's own body: true only for the first claim on a recorded
	 * call. The aspect asks before recording a {@code @TracedTool} method, so that a
	 * method an integration already records is recorded once.
	 * @return whether the caller is this call's body and should record nothing itself
	 */
	public boolean claimBody() {
		return invocation() != null && BODY_CLAIMED.compareAndSet(this, false, true);
	}

	/**
	 * The call as its events describe it: its ids, name, attributes, the W3C span id of
	 * its span when a tracing bridge is active, and its arguments and attribute values as
	 * given (not yet redacted). What an integration reads to tell another process which
	 * call asked.
	 * @return the call, or {@code null} when it is not recorded
	 */
	public @Nullable ToolInvocation toolInvocation() {
		return invocation();
	}

	/** The call's id, or {@code null} when it is not recorded. */
	public @Nullable String callId() {
		ToolInvocation invocation = invocation();
		return (invocation != null) ? invocation.callId() : null;
	}

	/**
	 * Records the result ({@code ToolCallCompleted}). Later calls do nothing.
	 * @param result what the tool returned
	 */
	@Override
	public void complete(@Nullable Object result) {
		endWith(result, null);
	}

	/**
	 * Records the failure ({@code ToolCallError}). Later calls do nothing.
	 * @param error what the tool threw
	 */
	@Override
	public void fail(Throwable error) {
		endWith(null, error);
	}

	@Override
	EventNames names() {
		return EVENT_NAMES;
	}

	@Override
	TraceEvent started(RunInfo run, ToolInvocation invocation, Instant startedAt) {
		return new ToolCallStarted(startedAt, run, invocation);
	}

	@Override
	TraceEvent ended(RunInfo run, ToolInvocation invocation, Instant endedAt, Duration duration,
			@Nullable Object result, @Nullable Throwable error, @Nullable ContentSanitizer sanitizer) {
		return (error != null)
				? new ToolCallError(endedAt, run, invocation, duration, message(sanitizer, error),
						error.getClass().getSimpleName())
				: new ToolCallCompleted(endedAt, run, invocation, content(sanitizer, result), duration);
	}

	@Override
	ToolInvocation sanitize(ToolInvocation invocation, ContentSanitizer sanitizer) {
		return sanitized(invocation, sanitizer);
	}

	static ToolInvocation sanitized(ToolInvocation invocation, ContentSanitizer sanitizer) {
		return new ToolInvocation(invocation.callId(), invocation.name(), invocation.spanId(),
				sanitizer.arguments(invocation.arguments()), invocation.otelSpanId(),
				ToolAttributes.redacted(invocation.attributes(), sanitizer));
	}

	@Override
	public String toString() {
		ToolInvocation invocation = invocation();
		return (invocation != null) ? "ToolCall[" + invocation.name() + ", " + invocation.callId() + "]"
				: "ToolCall[not recorded]";
	}

}
