package dev.agenttracing.micrometer;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.common.KeyValues;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default names and keys of tool call observations: name {@code gen_ai.execute_tool}
 * (a timer of that name in metrics), span name {@code execute_tool {tool}};
 * low-cardinality {@code gen_ai.operation.name}, {@code gen_ai.tool.name},
 * {@code gen_ai.tool.type}, {@code gen_ai.agent.name}, {@code error.type};
 * high-cardinality {@code gen_ai.tool.call.id}, {@code gen_ai.conversation.id}, the run
 * id, and, only when content is included, the arguments and result as JSON
 * ({@code gen_ai.tool.call.arguments}, {@code gen_ai.tool.call.result}), already redacted
 * and truncated like the trace files.
 *
 * <p>
 * A call with attributes (see {@link dev.agenttracing.event.ToolInvocation#attributes()})
 * has them as high-cardinality keys too; one with {@code mcp.method.name}, a tool served
 * over the Model Context Protocol, is named as its conventions say: {@code tools/call
 * {tool}}.
 */
public class DefaultToolCallObservationConvention implements ToolCallObservationConvention {

	/** The observation's (and timer's) name. */
	public static final String NAME = "gen_ai.execute_tool";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ToolCallContext context) {
		String method = context.getTool().attribute(GenAiKeys.MCP_METHOD_NAME);
		return ((method != null) ? method : "execute_tool") + " " + context.getTool().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ToolCallContext context) {
		String agent = context.getRun().agentName();
		return KeyValues.of(GenAiKeys.OPERATION_NAME, "execute_tool", GenAiKeys.TOOL_NAME, context.getTool().name(),
				GenAiKeys.TOOL_TYPE, "function", GenAiKeys.AGENT_NAME, (agent != null) ? agent : "unknown",
				GenAiKeys.ERROR_TYPE, errorType(context.getEnd()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ToolCallContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.TOOL_CALL_ID, context.getTool().callId(), GenAiKeys.CONVERSATION_ID,
				context.getRun().sessionId(), GenAiKeys.RUN_ID, context.getRun().runId());
		Map<String, String> attributes = context.getTool().attributes();
		if (attributes != null) {
			for (Map.Entry<String, String> attribute : attributes.entrySet()) {
				values = values.and(attribute.getKey(), attribute.getValue());
			}
		}
		ContentOptions content = context.content();
		if (content.openInference()) {
			values = values.and(GenAiKeys.OPENINFERENCE_SPAN_KIND, "TOOL", GenAiKeys.SESSION_ID,
					context.getRun().sessionId());
		}
		if (content.includeContent()) {
			Map<String, @Nullable Object> arguments = context.getTool().arguments();
			if (arguments != null) {
				String json = content.truncate(json(arguments));
				values = values.and(GenAiKeys.TOOL_CALL_ARGUMENTS, json);
				if (content.openInference()) {
					values = values.and(GenAiKeys.INPUT_VALUE, json, GenAiKeys.INPUT_MIME_TYPE, "application/json");
				}
			}
			if (context.getEnd() instanceof ToolCallCompleted completed && completed.result() != null) {
				String json = content.truncate(json(completed.result()));
				values = values.and(GenAiKeys.TOOL_CALL_RESULT, json);
				if (content.openInference()) {
					values = values.and(GenAiKeys.OUTPUT_VALUE, json, GenAiKeys.OUTPUT_MIME_TYPE, "application/json");
				}
			}
		}
		return values;
	}

	private static String errorType(@Nullable TraceEvent end) {
		return (end instanceof ToolCallError error) ? error.errorType() : GenAiKeys.NONE;
	}

	private static String json(@Nullable Object value) {
		try {
			return mapper.writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return String.valueOf(value);
		}
	}

}
