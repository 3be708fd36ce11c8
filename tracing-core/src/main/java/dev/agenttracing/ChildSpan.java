package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

/**
 * What a tool call and a model call share: the run they belong to and the invocation
 * their events repeat, kept as given and sanitized once, when an event that carries it is
 * first kept.
 *
 * @param <I> the invocation record ({@code ToolInvocation} or {@code ModelInvocation})
 */
abstract class ChildSpan<I> extends AbstractSpan {

	private final @Nullable AgentRun run;

	/** The invocation as given. */
	private final @Nullable I invocation;

	/** The invocation sanitized, once it was needed. */
	private volatile @Nullable I cleanInvocation;

	/** A call that records nothing. */
	ChildSpan() {
		this(null, null, null, null, Instant.EPOCH, 0);
	}

	/**
	 * A call of the run starting now: the run's listeners are asked for their handles
	 * (see {@link #open}).
	 */
	ChildSpan(AgentRun run, I invocation, long startNanos, BiFunction<I, ContentSanitizer, I> sanitize,
			Opener<I> opener, BiFunction<I, String, I> withOtelSpanId) {
		this(run.pipeline(), run, invocation, open(run, invocation, sanitize, opener, withOtelSpanId),
				run.at(startNanos), startNanos);
	}

	private ChildSpan(@Nullable Pipeline pipeline, @Nullable AgentRun run, @Nullable I invocation,
			@Nullable Opened<I> opened, Instant startedAt, long startNanos) {
		super(pipeline, startedAt, startNanos, (opened != null) ? opened.handles() : ListenerHandles.EMPTY,
				opened != null && opened.handles() != ListenerHandles.EMPTY);
		this.run = run;
		this.invocation = (opened != null) ? opened.invocation() : invocation;
		this.cleanInvocation = (opened != null) ? opened.clean() : null;
	}

	/**
	 * Asks the run's listeners for their handles of a call about to start, and places the
	 * call's invocation in their trace; {@code null} when the run has no listeners.
	 * @param run the run the call belongs to
	 * @param invocation the invocation as given
	 * @param sanitize what the listeners see of it
	 * @param opener asks the listeners for their handles
	 * @param withOtelSpanId the invocation in the listeners' trace
	 */
	private static <I> @Nullable Opened<I> open(AgentRun run, I invocation, BiFunction<I, ContentSanitizer, I> sanitize,
			Opener<I> opener, BiFunction<I, String, I> withOtelSpanId) {
		Pipeline pipeline = run.pipeline();
		if (pipeline.listeners().isEmpty()) {
			return null;
		}
		I clean = sanitize.apply(invocation, pipeline.sanitizer());
		ListenerHandles handles = opener.open(run.handles(), pipeline.listeners(), run.info(), clean);
		String otelSpanId = handles.spanId();
		return (otelSpanId != null) ? new Opened<>(withOtelSpanId.apply(invocation, otelSpanId),
				withOtelSpanId.apply(clean, otelSpanId), handles) : new Opened<>(invocation, clean, handles);
	}

	/** The invocation with its content (arguments, input) redacted and truncated. */
	abstract I sanitize(I invocation, ContentSanitizer sanitizer);

	/** The run this call belongs to, if recorded. */
	public @Nullable AgentRun run() {
		return this.run;
	}

	final @Nullable I invocation() {
		return this.invocation;
	}

	/** The event of the call's start. */
	abstract TraceEvent started(RunInfo run, I invocation, Instant startedAt);

	/**
	 * The event of the call's end: its completion with the result, or its failure when
	 * {@code error} is not {@code null}; captured values are sanitized when
	 * {@code sanitizer} is given.
	 */
	abstract TraceEvent ended(RunInfo run, I invocation, Instant endedAt, Duration duration, @Nullable Object result,
			@Nullable Throwable error, @Nullable ContentSanitizer sanitizer);

	/** The names of the call's events. */
	abstract EventNames names();

	/** What the call adds to its run when it ends (a model call's usage). */
	void ending(AgentRun run, @Nullable Object result) {
	}

	/** Sends the event of the call's start. */
	final void emitStarted() {
		AgentRun run = this.run;
		I invocation = this.invocation;
		if (run != null && invocation != null) {
			emit(names().started(),
					(sanitizer) -> started(run.info(), invocation(invocation, sanitizer), this.startedAt));
		}
	}

	/** Ends the call, once, with its result or error. Later calls do nothing. */
	final void endWith(@Nullable Object result, @Nullable Throwable error) {
		AgentRun run = this.run;
		I invocation = this.invocation;
		if (run == null || invocation == null || !claimEnd()) {
			return;
		}
		ending(run, result);
		Duration duration = elapsed();
		Instant endedAt = this.startedAt.plus(duration);
		EventNames names = names();
		end((error != null) ? names.failed() : names.completed(), (sanitizer) -> ended(run.info(),
				invocation(invocation, sanitizer), endedAt, duration, result, error, sanitizer), error);
	}

	/** The invocation as given, or sanitized when a sanitizer is given. */
	private I invocation(I invocation, @Nullable ContentSanitizer sanitizer) {
		return (sanitizer != null) ? cleanInvocation(sanitizer) : invocation;
	}

	/** The names of a kind of call's start, completion and failure events. */
	record EventNames(String started, String completed, String failed) {
	}

	/**
	 * What the listeners opened for a call: their handles and its invocation, as given
	 * and sanitized.
	 */
	record Opened<I>(I invocation, I clean, ListenerHandles handles) {
	}

	/** Asks the listeners for their handles of a call, given the run's handles. */
	@FunctionalInterface
	interface Opener<I> {

		ListenerHandles open(ListenerHandles runHandles, List<TracingListener> listeners, RunInfo run, I invocation);

	}

	/** The invocation sanitized, computed once. */
	final I cleanInvocation(ContentSanitizer sanitizer) {
		I clean = this.cleanInvocation;
		if (clean == null) {
			I invocation = this.invocation;
			if (invocation == null) {
				throw new IllegalStateException("not recorded");
			}
			clean = sanitize(invocation, sanitizer);
			this.cleanInvocation = clean;
		}
		return clean;
	}

}
