package dev.agenttracing.autoconfigure.langchain4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.event.TokenUsage;

/**
 * Reads LangChain4j's messages, answers and tool requests into the values the trace
 * events hold.
 */
final class LangChain4jContent {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private LangChain4jContent() {
	}

	/**
	 * The provider's name as OpenTelemetry's {@code gen_ai.provider.name} spells it, or
	 * {@code null} when LangChain4j gives none.
	 */
	static @Nullable String provider(@Nullable ModelProvider provider) {
		if (provider == null) {
			return null;
		}
		return switch (provider) {
			case OPEN_AI -> "openai";
			case AZURE_OPEN_AI -> "azure.ai.openai";
			case ANTHROPIC -> "anthropic";
			case AMAZON_BEDROCK -> "aws.bedrock";
			case GOOGLE_AI_GEMINI, GOOGLE_GENAI -> "gcp.gemini";
			case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
			case MISTRAL_AI -> "mistral_ai";
			case WATSONX -> "ibm.watsonx.ai";
			case OTHER -> null;
			default -> provider.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
		};
	}

	/**
	 * The messages sent, as a list of {@code {role, content, tool_calls, tool_call_id}}
	 * objects.
	 */
	static List<Map<String, @Nullable Object>> input(List<ChatMessage> messages) {
		List<Map<String, @Nullable Object>> list = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
			if (message instanceof SystemMessage system) {
				map.put("role", "system");
				map.put("content", system.text());
			}
			else if (message instanceof UserMessage user) {
				map.put("role", "user");
				map.put("content", user.hasSingleText() ? user.singleText() : String.valueOf(user.contents()));
			}
			else if (message instanceof AiMessage ai) {
				map.put("role", "assistant");
				if (ai.text() != null && !ai.text().isEmpty()) {
					map.put("content", ai.text());
				}
				if (ai.hasToolExecutionRequests()) {
					map.put("tool_calls", toolCalls(ai.toolExecutionRequests()));
				}
			}
			else if (message instanceof ToolExecutionResultMessage result) {
				map.put("role", "tool");
				map.put("tool_call_id", result.id());
				map.put("name", result.toolName());
				map.put("content", result.text());
			}
			else {
				map.put("role", message.type().name().toLowerCase(java.util.Locale.ROOT));
				map.put("content", String.valueOf(message));
			}
			list.add(map);
		}
		return list;
	}

	/**
	 * The answer: its text, or {@code {content, tool_calls}} when the model asks for
	 * tools.
	 */
	static @Nullable Object output(@Nullable AiMessage message) {
		if (message == null) {
			return null;
		}
		return output(message.text(), message.hasToolExecutionRequests() ? message.toolExecutionRequests() : List.of());
	}

	static @Nullable Object output(@Nullable String text, List<ToolExecutionRequest> requests) {
		if (requests.isEmpty()) {
			return text;
		}
		Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
		if (text != null && !text.isEmpty()) {
			map.put("content", text);
		}
		map.put("tool_calls", toolCalls(requests));
		return map;
	}

	private static List<Map<String, @Nullable Object>> toolCalls(List<ToolExecutionRequest> requests) {
		List<Map<String, @Nullable Object>> list = new ArrayList<>(requests.size());
		for (ToolExecutionRequest request : requests) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
			map.put("id", request.id());
			map.put("name", request.name());
			map.put("arguments", json(request.arguments()));
			list.add(map);
		}
		return list;
	}

	/** The usage the model reported, or {@code null} when it reported none. */
	static @Nullable TokenUsage usage(@Nullable ChatResponse response) {
		dev.langchain4j.model.output.TokenUsage usage = (response != null) ? response.tokenUsage() : null;
		if (usage == null) {
			return null;
		}
		Integer input = usage.inputTokenCount();
		Integer output = usage.outputTokenCount();
		Integer total = usage.totalTokenCount();
		if (input == null && output == null && total == null) {
			return null;
		}
		long in = (input != null) ? input : 0;
		long out = (output != null) ? output : 0;
		return new TokenUsage(in, out, (total != null) ? total : in + out);
	}

	/**
	 * Why the model stopped, as the OpenAI-style reason ({@code stop},
	 * {@code tool_calls}, {@code length}, {@code content_filter}).
	 */
	static @Nullable String finishReason(@Nullable ChatResponse response) {
		FinishReason reason = (response != null) ? response.finishReason() : null;
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case STOP -> "stop";
			case LENGTH -> "length";
			case TOOL_EXECUTION -> "tool_calls";
			case CONTENT_FILTER -> "content_filter";
			case OTHER -> "other";
		};
	}

	/** A tool's arguments by name, read from the JSON the model gave. */
	@SuppressWarnings("unchecked")
	static @Nullable Map<String, ?> arguments(@Nullable String json) {
		Object value = json(json);
		if (value instanceof Map<?, ?> map) {
			return (Map<String, ?>) map;
		}
		return (value != null) ? Map.of("input", value) : null;
	}

	/** JSON text read as a value, or the text itself when it is not JSON. */
	static @Nullable Object json(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return text;
		}
		String trimmed = text.strip();
		char first = trimmed.charAt(0);
		if (first != '{' && first != '[' && first != '"') {
			return text;
		}
		try {
			return mapper.readValue(trimmed, Object.class);
		}
		catch (RuntimeException ex) {
			return text;
		}
	}

}
