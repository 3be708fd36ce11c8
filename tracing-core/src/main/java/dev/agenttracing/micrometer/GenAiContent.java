package dev.agenttracing.micrometer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * Maps the captured (already redacted and truncated) content of runs and model calls to
 * the JSON the OpenTelemetry GenAI conventions give {@code gen_ai.input.messages},
 * {@code gen_ai.output.messages} and {@code gen_ai.system_instructions}: messages of
 * {@code {role, parts: [{type: text|tool_call|tool_call_response, ...}]}}, output
 * messages with a {@code finish_reason}.
 * <p>
 * Input shapes understood: a list of {@code {role, content, tool_calls, tool_responses,
 * tool_call_id}} maps (the Spring AI and LangChain4j adapters), a plain text (a user
 * message), anything else as one user message holding its JSON.
 */
final class GenAiContent {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String TEXT = "text";

	private GenAiContent() {
	}

	/** The chat history sent, without the system messages. */
	static List<Map<String, Object>> inputMessages(@Nullable Object input) {
		List<Map<String, Object>> messages = new ArrayList<>();
		if (input instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> map) {
					String role = role(map.get("role"));
					if (!"system".equals(role)) {
						messages.add(message(role, parts(map)));
					}
				}
				else if (item != null) {
					messages.add(message("user", List.of(text(item))));
				}
			}
		}
		else if (input != null) {
			messages.add(message("user", List.of(text(input))));
		}
		return messages;
	}

	/** The system messages' text parts, or {@code null} when there are none. */
	static @Nullable List<Map<String, Object>> systemInstructions(@Nullable Object input) {
		if (!(input instanceof List<?> list)) {
			return null;
		}
		List<Map<String, Object>> parts = new ArrayList<>();
		for (Object item : list) {
			if (item instanceof Map<?, ?> map && "system".equals(role(map.get("role"))) && map.get("content") != null) {
				parts.add(text(map.get("content")));
			}
		}
		return parts.isEmpty() ? null : parts;
	}

	/**
	 * The answer as output messages: a text, a {@code {content, tool_calls}} map, or a
	 * list of either (one message per choice).
	 */
	static List<Map<String, Object>> outputMessages(@Nullable Object output, @Nullable String finishReason) {
		List<Map<String, Object>> messages = new ArrayList<>();
		if (output == null) {
			return messages;
		}
		List<?> choices = (output instanceof List<?> list) ? list : List.of(output);
		for (Object choice : choices) {
			List<Map<String, Object>> parts = (choice instanceof Map<?, ?> map) ? parts(map)
					: (choice != null) ? List.of(text(choice)) : List.of();
			Map<String, Object> message = message("assistant", parts);
			message.put("finish_reason", finishReason(finishReason, parts));
			messages.add(message);
		}
		return messages;
	}

	/**
	 * A finish reason as the conventions spell it ({@code stop}, {@code length},
	 * {@code content_filter}, {@code tool_call}, {@code error}); the provider's own value
	 * lower-cased when it is none of those.
	 */
	static String finishReason(String reason) {
		String lower = reason.toLowerCase(Locale.ROOT);
		return switch (lower) {
			case "tool_calls", "tool_use", "function_call" -> "tool_call";
			case "end_turn", "stop_sequence" -> "stop";
			case "max_tokens" -> "length";
			default -> lower;
		};
	}

	private static String finishReason(@Nullable String reason, List<Map<String, Object>> parts) {
		if (reason != null && !reason.isEmpty()) {
			return finishReason(reason);
		}
		// the conventions require one; inferred from the answer when the model gave none
		for (Map<String, Object> part : parts) {
			if ("tool_call".equals(part.get("type"))) {
				return "tool_call";
			}
		}
		return "stop";
	}

	/** A run's input as one user message. */
	static List<Map<String, Object>> userMessage(@Nullable Object input) {
		return (input != null) ? List.of(message("user", List.of(text(input)))) : List.of();
	}

	static String json(@Nullable Object value) {
		try {
			return mapper.writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return String.valueOf(value);
		}
	}

	/** A text value as it is, anything else as its JSON. */
	static String string(@Nullable Object value) {
		return (value instanceof String text) ? text : json(value);
	}

	private static String role(@Nullable Object role) {
		String name = (role != null) ? role.toString().toLowerCase(Locale.ROOT) : "user";
		return switch (name) {
			case "ai" -> "assistant";
			case "tool_execution_result", "tool_result", "function" -> "tool";
			default -> name;
		};
	}

	private static Map<String, Object> message(String role, List<Map<String, Object>> parts) {
		Map<String, Object> message = new LinkedHashMap<>(4);
		message.put("role", role);
		message.put("parts", parts);
		return message;
	}

	private static List<Map<String, Object>> parts(Map<?, ?> message) {
		List<Map<String, Object>> parts = new ArrayList<>();
		Object content = message.get("content");
		Object toolCallId = message.get("tool_call_id");
		if (toolCallId != null) {
			// a LangChain4j tool result: the content is the tool's answer
			parts.add(toolResponse(toolCallId, content));
		}
		else if (content != null && !(content instanceof String text && text.isEmpty())) {
			parts.add(text(content));
		}
		if (message.get("tool_calls") instanceof List<?> calls) {
			for (Object call : calls) {
				if (call instanceof Map<?, ?> map) {
					Map<String, Object> part = new LinkedHashMap<>(4);
					part.put("type", "tool_call");
					putIfPresent(part, "id", map.get("id"));
					putIfPresent(part, "name", map.get("name"));
					putIfPresent(part, "arguments", map.get("arguments"));
					parts.add(part);
				}
			}
		}
		if (message.get("tool_responses") instanceof List<?> responses) {
			for (Object response : responses) {
				if (response instanceof Map<?, ?> map) {
					parts.add(toolResponse(map.get("id"), map.get("result")));
				}
			}
		}
		return parts;
	}

	private static Map<String, Object> toolResponse(@Nullable Object id, @Nullable Object response) {
		Map<String, Object> part = new LinkedHashMap<>(4);
		part.put("type", "tool_call_response");
		putIfPresent(part, "id", id);
		part.put("response", (response != null) ? response : "");
		return part;
	}

	private static Map<String, Object> text(@Nullable Object content) {
		Map<String, Object> part = new LinkedHashMap<>(4);
		part.put("type", TEXT);
		part.put("content", string(content));
		return part;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
