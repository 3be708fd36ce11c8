package dev.agenttracing.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A model call failed. Written with {@code model_call: {model, provider, input,
 * duration_ms}}, {@code error} (the message) and {@code error_type} (the exception's
 * class name).
 *
 * @param timestamp when the call failed
 * @param run the run that called the model
 * @param call the call
 * @param duration how long the call took
 * @param error the exception's message (its class name when it has none)
 * @param errorType the exception's simple class name
 */
public record ModelCallError(Instant timestamp, RunInfo run, ModelInvocation call, Duration duration, String error,
		String errorType) implements TraceEvent {

	@Override
	public String event() {
		return "ModelCallError";
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
