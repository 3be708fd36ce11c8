package dev.agenttracing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

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
	final void end(String eventName, EventBuilder end, @Nullable Throwable error) {
		endScope();
		publish(eventName, end, error, this.handles);
	}

	/**
	 * Sends an event that no listener follows (a start, streamed content, reasoning).
	 */
	final void emit(String eventName, EventBuilder event) {
		publish(eventName, event, null, ListenerHandles.EMPTY);
	}

	private void publish(String eventName, EventBuilder build, @Nullable Throwable error, ListenerHandles handles) {
		Pipeline pipeline = this.pipeline;
		if (pipeline == null || (handles == ListenerHandles.EMPTY && !pipeline.mayKeep(eventName))) {
			return; // a filter by name drops it: nothing is built
		}
		try {
			boolean keep = true;
			if (pipeline.hasFilter()) {
				keep = pipeline.keeps(build.event(null));
				if (!keep && handles == ListenerHandles.EMPTY) {
					return; // dropped by the filter: nothing is sanitized
				}
			}
			TraceEvent event = build.event(pipeline.sanitizer());
			handles.ended(event, error);
			if (keep) {
				pipeline.export(event);
			}
		}
		catch (Throwable ex) {
			pipeline.failed("event", ex);
		}
	}

	/**
	 * What a captured value becomes in an event: as given for the filter
	 * ({@code sanitizer} is {@code null}), redacted and truncated for the exporters.
	 */
	static @Nullable Object content(@Nullable ContentSanitizer sanitizer, @Nullable Object value) {
		return (sanitizer != null) ? sanitizer.content(value) : value;
	}

	/** An error's message in an event, as {@link #content} treats content. */
	static String message(@Nullable ContentSanitizer sanitizer, Throwable error) {
		String message = ContentSanitizer.rawMessage(error);
		return (sanitizer != null) ? sanitizer.message(message) : message;
	}

	/** A text in an event, as {@link #content} treats content. */
	static @Nullable String text(@Nullable ContentSanitizer sanitizer, @Nullable String text) {
		return (sanitizer != null) ? sanitizer.text(text) : text;
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

	/**
	 * Builds one event of the span; called once for the exporters and listeners, and
	 * before that once for the filter when there is one.
	 */
	@FunctionalInterface
	interface EventBuilder {

		/**
		 * The event, with its content as given ({@code sanitizer} is {@code null}: for
		 * the filter) or redacted and truncated by the sanitizer (for the exporters and
		 * the listeners).
		 */
		TraceEvent event(@Nullable ContentSanitizer sanitizer);

	}

}
