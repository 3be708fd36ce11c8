package dev.agenttracing.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A model call returned. Written with
 * {@code model_call: {model, provider, input, output, finish_reason, response_model, response_id, usage:
 * {input_tokens, output_tokens, total_tokens}, duration_ms}}.
 *
 * @param timestamp when the call returned
 * @param run the run that called the model
 * @param call the call
 * @param output what the model answered, or {@code null} when content capture is off
 * @param finishReason why the model stopped ({@code stop}, {@code tool_calls}, ...), if
 * known
 * @param usage the tokens the call used, if known
 * @param duration how long the call took
 * @param responseModel the model that answered, as the provider names it
 * ({@code gpt-4o-mini-2024-07-18}), if known
 * @param responseId the provider's id of the answer ({@code chatcmpl-123}), if known
 */
public record ModelCallCompleted(Instant timestamp, RunInfo run, ModelInvocation call, @Nullable Object output,
		@Nullable String finishReason, @Nullable TokenUsage usage, Duration duration, @Nullable String responseModel,
		@Nullable String responseId) implements TraceEvent {

	/** A completed call whose response model and id are not known. */
	public ModelCallCompleted(Instant timestamp, RunInfo run, ModelInvocation call, @Nullable Object output,
			@Nullable String finishReason, @Nullable TokenUsage usage, Duration duration) {
		this(timestamp, run, call, output, finishReason, usage, duration, null, null);
	}

	@Override
	public String event() {
		return "ModelCallCompleted";
	}

	@Override
	public String spanId() {
		return this.call.spanId();
	}

	@Override
	public String parentSpanId() {
		return run().spanId();
	}

	@Override
	public @Nullable String otelSpanId() {
		return this.call.otelSpanId();
	}

	/** When the call began. */
	public Instant startedAt() {
		return this.timestamp.minus(this.duration);
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
