package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A model call began. Written with {@code model_call: {model, provider, input}}.
 *
 * @param timestamp when the call began
 * @param run the run that called the model
 * @param call the call
 */
public record ModelCallStarted(Instant timestamp, RunInfo run, ModelInvocation call) implements TraceEvent {

	@Override
	public String event() {
		return "ModelCallStarted";
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

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
