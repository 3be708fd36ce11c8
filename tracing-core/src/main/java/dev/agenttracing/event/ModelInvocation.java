package dev.agenttracing.event;

import org.jspecify.annotations.Nullable;

/**
 * The model call an event is about.
 *
 * @param spanId the model call's own span id; its parent is the run's span
 * @param model the model asked, if known
 * @param provider who serves the model ({@code openai}, {@code anthropic}, ...), if known
 * @param input what was sent (the messages), or {@code null} when content capture is off
 * @param otelSpanId the W3C span id of the call's span in the distributed trace, when a
 * tracing bridge (Micrometer) is active
 */
public record ModelInvocation(String spanId, @Nullable String model, @Nullable String provider, @Nullable Object input,
		@Nullable String otelSpanId) {

	/** A call outside any distributed trace. */
	public ModelInvocation(String spanId, @Nullable String model, @Nullable String provider, @Nullable Object input) {
		this(spanId, model, provider, input, null);
	}

	/** This call placed in a distributed trace. */
	public ModelInvocation withOtelSpanId(@Nullable String otelSpanId) {
		return new ModelInvocation(this.spanId, this.model, this.provider, this.input, otelSpanId);
	}

}
