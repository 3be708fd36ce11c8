package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.internal.CurrentValues;

/**
 * One model call in progress: a request to a language model and its answer. Complete it with the
 * answer (and, when the model reports it, the tokens used) or fail it with the exception; every method
 * is safe from any thread and never throws. A call started outside any run is not recorded (its
 * methods do nothing).
 *
 * <pre>{@code
 * ModelCall call = tracer.startModelCall("gpt-5-mini", "openai", messages);
 * try {
 *     Completion completion = client.complete(messages);
 *     call.complete(completion.text(), TokenUsage.of(completion.inputTokens(), completion.outputTokens()),
 *             completion.finishReason());
 *     return completion.text();
 * }
 * catch (RuntimeException ex) {
 *     call.fail(ex);
 *     throw ex;
 * }
 * }</pre>
 *
 * The usage of every completed call is added to its run's: a run completed without usage of its own
 * reports their sum in {@code RunCompleted.metrics}.
 */
public final class ModelCall extends ChildCall implements AutoCloseable {

	static final ModelCall NONE = new ModelCall(null, null, null, Instant.EPOCH, 0, ListenerHandles.EMPTY);

	private static final ThreadLocal<ModelCall> CURRENT = CurrentValues.MODEL_CALL;

	private final @Nullable ModelInvocation invocation;

	private volatile @Nullable TokenUsage usage;

	private volatile @Nullable String finishReason;

	ModelCall(@Nullable AgentTracer tracer, @Nullable AgentRun run, @Nullable ModelInvocation invocation,
			Instant startedAt, long startNanos, ListenerHandles handles) {
		super(tracer, run, startedAt, startNanos, handles);
		this.invocation = invocation;
	}

	/**
	 * The model call current on this thread: the one whose body runs in
	 * {@link AgentTracer#callModel(String, Object, TracedCall)} or in a
	 * {@link dev.agenttracing.annotation.TracedModelCall} method; a call that records nothing when there
	 * is none. The body reports usage through it:
	 * <pre>{@code
	 * AgentTracer.currentModelCall().usage(TokenUsage.of(response.inputTokens(), response.outputTokens()));
	 * }</pre>
	 */
	public static ModelCall current() {
		ModelCall call = CURRENT.get();
		return (call != null) ? call : NONE;
	}

	/** Whether this call is recorded (it is not when it was started outside any run). */
	public boolean isRecorded() {
		return this.invocation != null;
	}

	/** The run this call belongs to, if recorded. */
	public @Nullable AgentRun run() {
		return this.run;
	}

	/** The model asked, if known. */
	public @Nullable String model() {
		return (this.invocation != null) ? this.invocation.model() : null;
	}

	/**
	 * Sets the tokens the call used, for a completion that does not give them.
	 * @param usage the tokens used
	 * @return this call
	 */
	public ModelCall usage(@Nullable TokenUsage usage) {
		this.usage = usage;
		return this;
	}

	/**
	 * Sets why the model stopped, for a completion that does not give it.
	 * @param finishReason for example {@code stop} or {@code tool_calls}
	 * @return this call
	 */
	public ModelCall finishReason(@Nullable String finishReason) {
		this.finishReason = finishReason;
		return this;
	}

	/** Records the answer ({@code ModelCallCompleted}) with the usage set before, if any. */
	public void complete(@Nullable Object output) {
		complete(output, null, null);
	}

	/** Records the answer and the tokens used ({@code ModelCallCompleted}). */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage) {
		complete(output, usage, null);
	}

	/**
	 * Records the answer ({@code ModelCallCompleted}) and adds the usage to the run's. Later calls do
	 * nothing.
	 * @param output what the model answered
	 * @param usage the tokens used, or {@code null} for those set with {@link #usage(TokenUsage)}
	 * @param finishReason why the model stopped, or {@code null} for the one set with
	 * {@link #finishReason(String)}
	 */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage, @Nullable String finishReason) {
		ModelInvocation invocation = this.invocation;
		if (invocation == null || !claimEnd()) {
			return;
		}
		AgentTracer tracer = this.tracer;
		AgentRun run = this.run;
		TokenUsage used = (usage != null) ? usage : this.usage;
		String reason = (finishReason != null) ? finishReason : this.finishReason;
		if (used != null) {
			run.addUsage(used);
		}
		finish(tracer, tracer.build(() -> {
			Duration duration = elapsed(tracer);
			return new ModelCallCompleted(this.startedAt.plus(duration), run.info(), invocation,
					tracer.sanitizer().content(output), reason, used, duration);
		}), null);
	}

	/**
	 * Records the failure ({@code ModelCallError}). Later calls do nothing.
	 * @param error what the call threw
	 */
	public void fail(Throwable error) {
		ModelInvocation invocation = this.invocation;
		if (invocation == null || !claimEnd()) {
			return;
		}
		AgentTracer tracer = this.tracer;
		AgentRun run = this.run;
		finish(tracer, tracer.build(() -> {
			Duration duration = elapsed(tracer);
			return new ModelCallError(this.startedAt.plus(duration), run.info(), invocation, duration,
					tracer.sanitizer().message(error), error.getClass().getSimpleName());
		}), error);
	}

	/**
	 * Ends this call's listener scope on the thread that started it, without finishing the call: for a
	 * call answered later on another thread (see {@link AgentRun#detach()}).
	 */
	public void detach() {
		endScope();
	}

	/**
	 * Makes this call the current one of this thread ({@link #current()}) until the scope closes.
	 * @return the scope that restores the previous current call; close it on this thread
	 */
	public Scope makeCurrent() {
		return TracingContext.scoped(CURRENT, this);
	}

	/** Completes the call without an answer if it is still open. */
	@Override
	public void close() {
		complete(null);
	}

	@Override
	public String toString() {
		return (this.invocation != null) ? "ModelCall[" + this.invocation.model() + ", " + this.invocation.spanId() + "]"
				: "ModelCall[not recorded]";
	}

}
