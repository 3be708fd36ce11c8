package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;

/**
 * One model call in progress: a request to a language model and its answer. Complete it
 * with the answer (and, when the model reports it, the tokens used) or fail it with the
 * exception; every method is safe from any thread and never throws. A call started
 * outside any run is not recorded (its methods do nothing).
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
 * The usage of every completed call is added to its run's: a run completed without usage
 * of its own reports their sum in {@code RunCompleted.metrics}.
 */
public final class ModelCall extends ChildSpan<ModelInvocation> {

	/** The names of a model call's events. */
	static final EventNames EVENT_NAMES = new EventNames("ModelCallStarted", "ModelCallCompleted", "ModelCallError");

	static final ModelCall NONE = new ModelCall();

	/**
	 * The current one of each thread; carried between threads by
	 * {@link ModelCallAccessor}.
	 */
	static final ThreadLocal<ModelCall> CURRENT = new ThreadLocal<>();

	private volatile @Nullable TokenUsage usage;

	private volatile @Nullable String finishReason;

	private volatile @Nullable String responseModel;

	private volatile @Nullable String responseId;

	private ModelCall() {
	}

	private ModelCall(AgentRun run, ModelInvocation invocation, long startNanos) {
		super(run, invocation, startNanos, ModelCall::sanitized, ListenerHandles::modelCallStarted,
				ModelInvocation::withOtelSpanId);
	}

	/** Starts a model call of the run; a call that records nothing if that fails. */
	static ModelCall start(AgentRun run, @Nullable String model, @Nullable String provider, @Nullable Object input) {
		try {
			ModelCall call = new ModelCall(run, new ModelInvocation(Ids.spanId(), model, provider, input),
					System.nanoTime());
			call.emitStarted();
			return call;
		}
		catch (Throwable ex) {
			run.pipeline().failed("model call", ex);
			return NONE;
		}
	}

	/**
	 * The model call current on this thread: the one whose body runs in
	 * {@link AgentTracer#callModel(String, Object, TracedCall)} or in a
	 * {@link dev.agenttracing.annotation.TracedModelCall} method; a call that records
	 * nothing when there is none. The body reports usage through it: <pre>{@code
	 * AgentTracer.currentModelCall().usage(TokenUsage.of(response.inputTokens(), response.outputTokens()));
	 * }</pre>
	 */
	public static ModelCall current() {
		ModelCall call = CURRENT.get();
		return (call != null) ? call : NONE;
	}

	/** The model asked, if known. */
	public @Nullable String model() {
		ModelInvocation invocation = invocation();
		return (invocation != null) ? invocation.model() : null;
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

	/**
	 * Sets the model that answered, as the provider names it in its response; it can be
	 * more exact than the model asked ({@code gpt-4o-mini-2024-07-18} for
	 * {@code gpt-4o-mini}). <pre class="code">
	 * call.responseModel(response.model()).responseId(response.id());
	 * </pre>
	 * @param responseModel the model named in the response
	 * @return this call
	 */
	public ModelCall responseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
		return this;
	}

	/**
	 * Sets the provider's id of the answer ({@code chatcmpl-123}).
	 * @param responseId the id named in the response
	 * @return this call
	 */
	public ModelCall responseId(@Nullable String responseId) {
		this.responseId = responseId;
		return this;
	}

	/**
	 * Records the answer ({@code ModelCallCompleted}) with the usage set before, if any.
	 */
	@Override
	public void complete(@Nullable Object output) {
		complete(output, null, null);
	}

	/** Records the answer and the tokens used ({@code ModelCallCompleted}). */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage) {
		complete(output, usage, null);
	}

	/**
	 * Records the answer ({@code ModelCallCompleted}) and adds the usage to the run's.
	 * Later calls do nothing.
	 * @param output what the model answered
	 * @param usage the tokens used, or {@code null} for those set with
	 * {@link #usage(TokenUsage)}
	 * @param finishReason why the model stopped, or {@code null} for the one set with
	 * {@link #finishReason(String)}
	 */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage, @Nullable String finishReason) {
		TokenUsage used = (usage != null) ? usage : this.usage;
		Pipeline pipeline = this.pipeline;
		ModelInvocation invocation = invocation();
		if (pipeline != null && invocation != null) {
			used = pipeline.priced(invocation.model(), used);
		}
		endWith(new Answer(output, used, (finishReason != null) ? finishReason : this.finishReason), null);
	}

	/**
	 * Records the failure ({@code ModelCallError}). Later calls do nothing.
	 * @param error what the call threw
	 */
	@Override
	public void fail(Throwable error) {
		endWith(null, error);
	}

	@Override
	void ending(AgentRun run, @Nullable Object result) {
		if (result instanceof Answer answer && answer.usage() != null) {
			run.addUsage(answer.usage());
		}
	}

	@Override
	EventNames names() {
		return EVENT_NAMES;
	}

	@Override
	TraceEvent started(RunInfo run, ModelInvocation invocation, Instant startedAt) {
		return new ModelCallStarted(startedAt, run, invocation);
	}

	@Override
	TraceEvent ended(RunInfo run, ModelInvocation invocation, Instant endedAt, Duration duration,
			@Nullable Object result, @Nullable Throwable error, @Nullable ContentSanitizer sanitizer) {
		if (error != null) {
			return new ModelCallError(endedAt, run, invocation, duration, message(sanitizer, error),
					error.getClass().getSimpleName());
		}
		// complete(...) always ends with an Answer
		Answer answer = (result instanceof Answer given) ? given : new Answer(result, null, null);
		return new ModelCallCompleted(endedAt, run, invocation, content(sanitizer, answer.output()),
				answer.finishReason(), answer.usage(), duration, this.responseModel, this.responseId);
	}

	/**
	 * Makes this call the current one of this thread ({@link #current()}) until the scope
	 * closes.
	 * @return the scope that restores the previous current call; close it on this thread
	 */
	@Override
	public Scope makeCurrent() {
		return TracingContext.scoped(CURRENT, this);
	}

	/**
	 * A model call is current while the body of {@link #call} runs, so that it can report
	 * usage.
	 */
	@Override
	Scope bodyScope() {
		return makeCurrent();
	}

	@Override
	ModelInvocation sanitize(ModelInvocation invocation, ContentSanitizer sanitizer) {
		return sanitized(invocation, sanitizer);
	}

	static ModelInvocation sanitized(ModelInvocation invocation, ContentSanitizer sanitizer) {
		return new ModelInvocation(invocation.spanId(), invocation.model(), invocation.provider(),
				sanitizer.content(invocation.input()), invocation.otelSpanId());
	}

	/** What a completed call answered. */
	private record Answer(@Nullable Object output, @Nullable TokenUsage usage, @Nullable String finishReason) {
	}

	@Override
	public String toString() {
		ModelInvocation invocation = invocation();
		return (invocation != null) ? "ModelCall[" + invocation.model() + ", " + invocation.spanId() + "]"
				: "ModelCall[not recorded]";
	}

}
