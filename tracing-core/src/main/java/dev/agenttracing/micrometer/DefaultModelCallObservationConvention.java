package dev.agenttracing.micrometer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of model call observations: name {@code gen_ai.chat} (a
 * timer of that name in metrics), span name {@code chat {model}}; low-cardinality
 * {@code gen_ai.operation.name} ({@code chat}), {@code gen_ai.request.model},
 * {@code gen_ai.provider.name}, {@code gen_ai.agent.name}, {@code error.type};
 * high-cardinality {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens},
 * {@code gen_ai.usage.cost} (when priced), {@code gen_ai.response.finish_reasons} (as the
 * conventions spell them: {@code stop}, {@code tool_call}, ...),
 * {@code gen_ai.response.model} and {@code gen_ai.response.id} (when reported),
 * {@code gen_ai.conversation.id} and the run id. With content included, the (redacted,
 * truncated) messages as the conventions' JSON: {@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}, {@code gen_ai.system_instructions}; with OpenInference,
 * {@code openinference.span.kind=LLM}, {@code session.id}, and with content
 * {@code input.value} / {@code output.value}.
 */
public class DefaultModelCallObservationConvention implements ModelCallObservationConvention {

	/** The observation's (and timer's) name. */
	public static final String NAME = "gen_ai.chat";

	/** The value of {@code gen_ai.operation.name}. */
	public static final String OPERATION = "chat";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ModelCallContext context) {
		String model = context.getCall().model();
		return OPERATION + ((model != null && !model.isEmpty()) ? " " + model : "");
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ModelCallContext context) {
		String model = context.getCall().model();
		String provider = context.getCall().provider();
		String agent = context.getRun().agentName();
		return KeyValues.of(GenAiKeys.OPERATION_NAME, OPERATION, GenAiKeys.REQUEST_MODEL,
				(model != null && !model.isEmpty()) ? model : "unknown", GenAiKeys.PROVIDER_NAME,
				(provider != null && !provider.isEmpty()) ? provider : "unknown", GenAiKeys.AGENT_NAME,
				(agent != null) ? agent : "unknown", GenAiKeys.ERROR_TYPE, errorType(context.getEnd()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ModelCallContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.CONVERSATION_ID, context.getRun().sessionId(), GenAiKeys.RUN_ID,
				context.getRun().runId());
		TokenUsage usage = context.getUsage();
		if (usage != null) {
			values = values.and(GenAiKeys.USAGE_INPUT_TOKENS, Long.toString(usage.inputTokens()),
					GenAiKeys.USAGE_OUTPUT_TOKENS, Long.toString(usage.outputTokens()));
			Double cost = usage.cost();
			if (cost != null) {
				values = values.and(GenAiKeys.USAGE_COST, Double.toString(cost));
			}
		}
		ModelCallCompleted completed = (context.getEnd() instanceof ModelCallCompleted given) ? given : null;
		if (completed != null) {
			if (completed.finishReason() != null && !completed.finishReason().isEmpty()) {
				values = values.and(GenAiKeys.RESPONSE_FINISH_REASONS,
						GenAiContent.finishReason(completed.finishReason()));
			}
			if (completed.responseModel() != null) {
				values = values.and(GenAiKeys.RESPONSE_MODEL, completed.responseModel());
			}
			if (completed.responseId() != null) {
				values = values.and(GenAiKeys.RESPONSE_ID, completed.responseId());
			}
		}
		ContentOptions content = context.content();
		if (content.openInference()) {
			values = values.and(GenAiKeys.OPENINFERENCE_SPAN_KIND, "LLM", GenAiKeys.SESSION_ID,
					context.getRun().sessionId());
		}
		if (content.includeContent()) {
			Object input = context.getCall().input();
			if (input != null) {
				values = values.and(GenAiKeys.INPUT_MESSAGES,
						content.truncate(GenAiContent.json(GenAiContent.inputMessages(input))));
				Object system = GenAiContent.systemInstructions(input);
				if (system != null) {
					values = values.and(GenAiKeys.SYSTEM_INSTRUCTIONS, content.truncate(GenAiContent.json(system)));
				}
				if (content.openInference()) {
					values = values.and(GenAiKeys.INPUT_VALUE, content.truncate(GenAiContent.string(input)),
							GenAiKeys.INPUT_MIME_TYPE, mimeType(input));
				}
			}
			Object output = (completed != null) ? completed.output() : null;
			if (completed != null && output != null) {
				values = values.and(GenAiKeys.OUTPUT_MESSAGES, content
					.truncate(GenAiContent.json(GenAiContent.outputMessages(output, completed.finishReason()))));
				if (content.openInference()) {
					values = values.and(GenAiKeys.OUTPUT_VALUE, content.truncate(GenAiContent.string(output)),
							GenAiKeys.OUTPUT_MIME_TYPE, mimeType(output));
				}
			}
		}
		return values;
	}

	static String mimeType(Object value) {
		return (value instanceof String) ? "text/plain" : "application/json";
	}

	private static String errorType(@Nullable TraceEvent end) {
		return (end instanceof ModelCallError error) ? error.errorType() : GenAiKeys.NONE;
	}

}
