package dev.agenttracing.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.micrometer.AgentRunContext;
import dev.agenttracing.micrometer.GenAiKeys;
import dev.agenttracing.micrometer.ModelCallContext;
import dev.agenttracing.micrometer.ToolCallContext;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * Puts the numeric GenAI attributes of runs, model calls and tool calls on their spans
 * typed, as the conventions give them (token counts as integers, cost as a double, finish
 * reasons as a string array), instead of as the strings that Micrometer's key values are.
 * <p>
 * A filter runs when an observation stops, after its convention added the key values and
 * before any handler's {@code onStop}: the span is still open, and a typed key is removed
 * from the key values so that the tracing handler does not tag it again as a string.
 * Without an open span (no tracing bridge) the key values stay as they are.
 */
final class TypedSpanAttributes implements ObservationFilter {

	private static final List<String> LONGS = List.of(GenAiKeys.USAGE_INPUT_TOKENS, GenAiKeys.USAGE_OUTPUT_TOKENS);

	@Override
	public Observation.Context map(Observation.Context context) {
		if (!(context instanceof AgentRunContext || context instanceof ModelCallContext
				|| context instanceof ToolCallContext)) {
			return context;
		}
		try {
			Span span = span(context);
			if (span == null) {
				return context;
			}
			for (String key : LONGS) {
				KeyValue value = context.getHighCardinalityKeyValue(key);
				if (value != null) {
					span.tag(key, Long.parseLong(value.getValue()));
					context.removeHighCardinalityKeyValue(key);
				}
			}
			KeyValue cost = context.getHighCardinalityKeyValue(GenAiKeys.USAGE_COST);
			if (cost != null) {
				span.tag(GenAiKeys.USAGE_COST, Double.parseDouble(cost.getValue()));
				context.removeHighCardinalityKeyValue(GenAiKeys.USAGE_COST);
			}
			KeyValue reasons = context.getHighCardinalityKeyValue(GenAiKeys.RESPONSE_FINISH_REASONS);
			if (reasons != null) {
				span.tagOfStrings(GenAiKeys.RESPONSE_FINISH_REASONS, List.of(reasons.getValue()));
				context.removeHighCardinalityKeyValue(GenAiKeys.RESPONSE_FINISH_REASONS);
			}
		}
		catch (RuntimeException ex) {
			// a value that is no number stays a string key value
		}
		return context;
	}

	private static @Nullable Span span(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null && !span.isNoop()) ? span : null;
	}

}
