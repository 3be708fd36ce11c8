package dev.agenttracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TraceEvent;

/**
 * What a tool call and a model call share: the run they belong to, their start, their listener
 * handles and scope, and the once-only end that emits their completion event.
 */
abstract class ChildCall {

	private static final VarHandle FINISHED;

	private static final VarHandle SCOPE_OPEN;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			FINISHED = lookup.findVarHandle(ChildCall.class, "finished", boolean.class);
			SCOPE_OPEN = lookup.findVarHandle(ChildCall.class, "scopeOpen", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final @Nullable AgentTracer tracer;

	final @Nullable AgentRun run;

	final Instant startedAt;

	private final long startNanos;

	private final ListenerHandles handles;

	private final Thread owner = Thread.currentThread();

	// flags set with compare-and-set through the handles above: no AtomicBoolean objects per call
	@SuppressWarnings("unused")
	private volatile boolean finished;

	@SuppressWarnings("unused")
	private volatile boolean scopeOpen;

	ChildCall(@Nullable AgentTracer tracer, @Nullable AgentRun run, Instant startedAt, long startNanos,
			ListenerHandles handles) {
		this.tracer = tracer;
		this.run = run;
		this.startedAt = startedAt;
		this.startNanos = startNanos;
		this.handles = handles;
		this.scopeOpen = handles != ListenerHandles.EMPTY;
	}

	/** Takes the call's one end: true once, and only for a call that is recorded (has a tracer and run). */
	final boolean claimEnd() {
		return this.tracer != null && this.run != null && FINISHED.compareAndSet(this, false, true);
	}

	/** How long the call has taken so far, in microseconds precision. */
	final Duration elapsed(AgentTracer tracer) {
		return tracer.elapsed(this.startNanos);
	}

	/** Ends the scope, tells the listeners and emits the completion event (if it could be built). */
	final void finish(AgentTracer tracer, @Nullable TraceEvent event, @Nullable Throwable error) {
		endScope();
		if (event != null) {
			this.handles.ended(event, error);
			tracer.emit(event);
		}
	}

	/** Closes the listeners' scope, once, and only on the starting thread (scopes are thread-bound). */
	final void endScope() {
		// a plain read first: without listeners the scope was never open, and a failing CAS costs as much
		if (this.scopeOpen && Thread.currentThread() == this.owner && SCOPE_OPEN.compareAndSet(this, true, false)) {
			this.handles.scopeClosed();
		}
	}

}
