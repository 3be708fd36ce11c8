package dev.agenttracing.micrometer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of agent run observations: name {@code gen_ai.invoke_agent}
 * (a timer of that name in metrics), span name {@code invoke_agent {agent}};
 * low-cardinality {@code gen_ai.operation.name}, {@code gen_ai.agent.name},
 * {@code gen_ai.request.model} (the run's model, else the model its first model call
 * names), {@code gen_ai.provider.name} (the provider its first model call names, else
 * {@code unknown}), {@code error.type}; high-cardinality {@code gen_ai.conversation.id},
 * token usage, and the run and trace ids of the trace files. With content included, the
 * run's input as a user message in {@code gen_ai.input.messages} and its output as an
 * assistant message in {@code gen_ai.output.messages}; with OpenInference,
 * {@code openinference.span.kind=AGENT}, {@code session.id}, and with content
 * {@code input.value} / {@code output.value}.
 */
public class DefaultAgentRunObservationConvention implements AgentRunObservationConvention {

	/** The observation's (and timer's) name. */
	public static final String NAME = "gen_ai.invoke_agent";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AgentRunContext context) {
		String agent = context.getRun().agentName();
		return "invoke_agent" + ((agent != null) ? " " + agent : "");
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AgentRunContext context) {
		String agent = context.getRun().agentName();
		String model = context.getModel();
		if (model == null || model.isEmpty()) {
			// a run started without a model has the model its calls name
			model = context.getCallModel();
		}
		String provider = context.getProvider();
		return KeyValues.of(GenAiKeys.OPERATION_NAME, "invoke_agent", GenAiKeys.AGENT_NAME,
				(agent != null) ? agent : "unknown", GenAiKeys.REQUEST_MODEL, (model != null) ? model : "unknown",
				GenAiKeys.PROVIDER_NAME, (provider != null) ? provider : "unknown", GenAiKeys.ERROR_TYPE,
				errorType(context.getEnd()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(AgentRunContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.CONVERSATION_ID, context.getRun().sessionId(), GenAiKeys.RUN_ID,
				context.getRun().runId(), GenAiKeys.TRACE_ID, context.getRun().traceId());
		TokenUsage usage = usage(context.getEnd());
		if (usage != null) {
			values = values.and(GenAiKeys.USAGE_INPUT_TOKENS, Long.toString(usage.inputTokens()),
					GenAiKeys.USAGE_OUTPUT_TOKENS, Long.toString(usage.outputTokens()));
			Double cost = usage.cost();
			if (cost != null) {
				values = values.and(GenAiKeys.USAGE_COST, Double.toString(cost));
			}
		}
		ContentOptions content = context.content();
		if (content.openInference()) {
			values = values.and(GenAiKeys.OPENINFERENCE_SPAN_KIND, "AGENT", GenAiKeys.SESSION_ID,
					context.getRun().sessionId());
		}
		if (content.includeContent()) {
			TraceEvent end = context.getEnd();
			Object input = (end instanceof RunCompleted completed) ? completed.input()
					: (end instanceof RunError error) ? error.input() : null;
			Object output = (end instanceof RunCompleted completed) ? completed.output() : null;
			if (input != null) {
				values = values.and(GenAiKeys.INPUT_MESSAGES,
						content.truncate(GenAiContent.json(GenAiContent.userMessage(input))));
				if (content.openInference()) {
					values = values.and(GenAiKeys.INPUT_VALUE, content.truncate(GenAiContent.string(input)),
							GenAiKeys.INPUT_MIME_TYPE, DefaultModelCallObservationConvention.mimeType(input));
				}
			}
			if (output != null) {
				values = values.and(GenAiKeys.OUTPUT_MESSAGES,
						content.truncate(GenAiContent.json(GenAiContent.outputMessages(output, null))));
				if (content.openInference()) {
					values = values.and(GenAiKeys.OUTPUT_VALUE, content.truncate(GenAiContent.string(output)),
							GenAiKeys.OUTPUT_MIME_TYPE, DefaultModelCallObservationConvention.mimeType(output));
				}
			}
		}
		return values;
	}

	private static String errorType(@Nullable TraceEvent end) {
		return (end instanceof RunError error) ? error.errorType() : GenAiKeys.NONE;
	}

	private static @Nullable TokenUsage usage(@Nullable TraceEvent end) {
		if (end instanceof RunCompleted completed) {
			return completed.metrics().usage();
		}
		return (end instanceof RunError error) ? error.metrics().usage() : null;
	}

}
