package dev.agenttracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TraceEvent;

/**
 * What runs, tool calls and model calls share: their pipeline, start, listener handles
 * and thread-bound scope, the once-only end, and the way an event goes out. An event is
 * built with its content as given; the filter sees it first, and only an event that is
 * kept (or that a listener follows) is sanitized, by the handle that knows which of its
 * parts are raw ({@link #clean}).
 */
abstract class AbstractSpan implements TracedSpan {

	private static final VarHandle FINISHED;

	private static final VarHandle SCOPE_OPEN;

	private static final Scope NO_SCOPE = () -> {
	};

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			FINISHED = lookup.findVarHandle(AbstractSpan.class, "finished", boolean.class);
			SCOPE_OPEN = lookup.findVarHandle(AbstractSpan.class, "scopeOpen", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Where the events go; {@code null} for a span that is not recorded. */
	final @Nullable Pipeline pipeline;

	final Instant startedAt;

	final long startNanos;

	final ListenerHandles handles;

	private final Thread owner = Thread.currentThread();

	// flags set with compare-and-set through the handles above: no AtomicBoolean objects
	// per span
	@SuppressWarnings("unused")
	private volatile boolean finished;

	@SuppressWarnings("unused")
	private volatile boolean scopeOpen;

	AbstractSpan(@Nullable Pipeline pipeline, Instant startedAt, long startNanos, ListenerHandles handles,
			boolean scopeOpen) {
		this.pipeline = pipeline;
		this.startedAt = startedAt;
		this.startNanos = startNanos;
		this.handles = handles;
		this.scopeOpen = scopeOpen;
	}

	/**
	 * The event with its content redacted and truncated, as it is exported and shown to
	 * listeners.
	 */
	abstract TraceEvent clean(TraceEvent raw, ContentSanitizer sanitizer);

	@Override
	public boolean isRecorded() {
		return this.pipeline != null;
	}

	/** Takes the span's one end: true once, and only for a recorded span. */
	final boolean claimEnd() {
		return this.pipeline != null && FINISHED.compareAndSet(this, false, true);
	}

	/** Whether the span has ended. */
	final boolean hasEnded() {
		return this.finished;
	}

	/** How long the span has taken so far, in whole microseconds. */
	final Duration elapsed() {
		return Pipeline.elapsed(this.startNanos);
	}

	/**
	 * Ends the span (after {@link #claimEnd()}): closes its scope, tells the listeners
	 * and exports the event {@code end} builds, as far as the filter and the listeners
	 * need it.
	 */
	final void end(Supplier<TraceEvent> end, @Nullable Throwable error) {
		endScope();
		publish(end, error, this.handles);
	}

	/**
	 * Sends an event of this span that no listener follows (streamed content, reasoning).
	 */
	final void emit(Supplier<TraceEvent> event) {
		publish(event, null, ListenerHandles.EMPTY);
	}

	private void publish(Supplier<TraceEvent> build, @Nullable Throwable error, ListenerHandles handles) {
		Pipeline pipeline = this.pipeline;
		if (pipeline == null) {
			return;
		}
		try {
			TraceEvent raw = build.get();
			boolean keep = pipeline.keeps(raw);
			if (!keep && handles == ListenerHandles.EMPTY) {
				return; // dropped by the filter: nothing is sanitized
			}
			TraceEvent clean = clean(raw, pipeline.sanitizer());
			handles.ended(clean, error);
			if (keep) {
				pipeline.export(clean);
			}
		}
		catch (Throwable ex) {
			pipeline.failed("event", ex);
		}
	}

	/**
	 * Closes the span's scope, once, and only on the starting thread (scopes are
	 * thread-bound).
	 */
	final void endScope() {
		// a plain read first: without listeners a call's scope was never open, and a
		// failing CAS costs as much
		if (this.scopeOpen && Thread.currentThread() == this.owner && SCOPE_OPEN.compareAndSet(this, true, false)) {
			closeScope();
		}
	}

	/**
	 * What closing the scope undoes: the listeners' scope, and for a run its thread
	 * context.
	 */
	void closeScope() {
		this.handles.scopeClosed();
	}

	/**
	 * The scope the body of {@link #call} runs in: none, unless the kind of span says
	 * otherwise.
	 */
	Scope bodyScope() {
		return NO_SCOPE;
	}

	@Override
	public void detach() {
		endScope();
	}

	@Override
	@SuppressWarnings("unchecked")
	public final <T, E extends Throwable> T call(TracedCall<T, E> body) throws E {
		T result;
		try (Scope scope = bodyScope()) {
			result = body.call();
		}
		catch (Throwable ex) {
			fail(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage && isRecorded()) {
			detach();
			return (T) CompletionStages.whenComplete(stage, this::complete, this::fail);
		}
		complete(result);
		return result;
	}

	@Override
	public void close() {
		complete(null);
	}

}
