package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

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

	ChildSpan(@Nullable Pipeline pipeline, @Nullable AgentRun run, @Nullable I invocation, @Nullable I cleanInvocation,
			Instant startedAt, long startNanos, ListenerHandles handles) {
		super(pipeline, startedAt, startNanos, handles, handles != ListenerHandles.EMPTY);
		this.run = run;
		this.invocation = invocation;
		this.cleanInvocation = cleanInvocation;
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

	/**
	 * Ends the call, once, with the completion event {@code ending} builds. Later calls
	 * do nothing.
	 */
	final void endWith(Ending<I> ending, @Nullable Throwable error) {
		AgentRun run = this.run;
		I invocation = this.invocation;
		if (run == null || invocation == null || !claimEnd()) {
			return;
		}
		end(() -> {
			Duration duration = elapsed();
			return ending.event(run, invocation, this.startedAt.plus(duration), duration);
		}, error);
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

	/**
	 * Builds a call's completion event from its run, its invocation as given, its end and
	 * duration.
	 */
	@FunctionalInterface
	interface Ending<I> {

		TraceEvent event(AgentRun run, I invocation, Instant endedAt, Duration duration);

	}

}
