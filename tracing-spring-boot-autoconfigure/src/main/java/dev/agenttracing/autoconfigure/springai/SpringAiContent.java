package dev.agenttracing.autoconfigure.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.util.context.ContextView;

import dev.agenttracing.AgentRun;
import dev.agenttracing.TracingContext;
import dev.agenttracing.event.TokenUsage;
import tools.jackson.databind.json.JsonMapper;

/** Reads what a trace records from Spring AI's prompts and responses; never throws. */
final class SpringAiContent {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String SPRING_AI_PACKAGE = "org.springframework.ai.";

	private SpringAiContent() {
	}

	/**
	 * The run of a reactive pipeline: the one the aspect (or the content advisor) put
	 * into the Reactor context under {@link TracingContext#CONTEXT_KEY}, else the one
	 * current on this thread.
	 */
	static @Nullable AgentRun run(ContextView context) {
		return tracingContext(context).run();
	}

	/**
	 * The tracing context of a reactive pipeline: the one in the Reactor context under
	 * {@link TracingContext#CONTEXT_KEY} when it holds a run, else this thread's.
	 */
	static TracingContext tracingContext(ContextView context) {
		Object value = context.getOrDefault(TracingContext.CONTEXT_KEY, null);
		if (value instanceof TracingContext tracing && tracing.run() != null) {
			return tracing;
		}
		return TracingContext.capture();
	}

	/** The model asked: the prompt's option, else the one the response names. */
	static @Nullable String model(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		String model = (options != null) ? options.getModel() : null;
		return (model != null && !model.isEmpty()) ? model : null;
	}

	/**
	 * The provider, read from the package of the provider's options class
	 * ({@code org.springframework.ai.openai.OpenAiChatOptions} gives {@code openai}):
	 * Spring AI has no provider name on its model API; generic options give none.
	 */
	static @Nullable String provider(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		if (options == null) {
			return null;
		}
		String name = options.getClass().getName();
		if (!name.startsWith(SPRING_AI_PACKAGE)) {
			return null;
		}
		String rest = name.substring(SPRING_AI_PACKAGE.length());
		int dot = rest.indexOf('.');
		String segment = (dot > 0) ? rest.substring(0, dot) : "";
		return switch (segment) {
			case "", "model", "chat", "tool", "support" -> null;
			default -> segment;
		};
	}

	/**
	 * The messages sent, as a list of {@code {role, content, tool_calls, tool_responses}}
	 * objects.
	 */
	static List<Map<String, @Nullable Object>> input(Prompt prompt) {
		List<Map<String, @Nullable Object>> messages = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
			map.put("role", message.getMessageType().getValue());
			if (message.getText() != null && !message.getText().isEmpty()) {
				map.put("content", message.getText());
			}
			if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
				map.put("tool_calls", toolCalls(assistant.getToolCalls()));
			}
			if (message instanceof ToolResponseMessage responses) {
				List<Map<String, @Nullable Object>> list = new ArrayList<>();
				for (ToolResponseMessage.ToolResponse response : responses.getResponses()) {
					Map<String, @Nullable Object> item = new LinkedHashMap<>(4);
					item.put("id", response.id());
					item.put("name", response.name());
					item.put("result", json(response.responseData()));
					list.add(item);
				}
				map.put("tool_responses", list);
			}
			messages.add(map);
		}
		return messages;
	}

	/**
	 * The answer: its text, or {@code {content, tool_calls}} when the model asks for
	 * tools.
	 */
	static @Nullable Object output(@Nullable ChatResponse response) {
		if (response == null || response.getResults().isEmpty()) {
			return null;
		}
		List<@Nullable Object> outputs = new ArrayList<>();
		for (Generation generation : response.getResults()) {
			AssistantMessage message = generation.getOutput();
			outputs.add(output(message.getText(), message.getToolCalls()));
		}
		return (outputs.size() == 1) ? outputs.get(0) : outputs;
	}

	static @Nullable Object output(@Nullable String text, List<AssistantMessage.ToolCall> toolCalls) {
		if (toolCalls.isEmpty()) {
			return text;
		}
		Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
		if (text != null && !text.isEmpty()) {
			map.put("content", text);
		}
		map.put("tool_calls", toolCalls(toolCalls));
		return map;
	}

	/** The usage the model reported, or {@code null} when it reported none. */
	static @Nullable TokenUsage usage(@Nullable ChatResponse response) {
		if (response == null) {
			return null;
		}
		ChatResponseMetadata metadata = response.getMetadata();
		Usage usage = (metadata != null) ? metadata.getUsage() : null;
		if (usage == null || usage instanceof EmptyUsage) {
			return null;
		}
		Integer input = usage.getPromptTokens();
		Integer output = usage.getCompletionTokens();
		Integer total = usage.getTotalTokens();
		if (input == null && output == null && total == null) {
			return null;
		}
		long in = (input != null) ? input : 0;
		long out = (output != null) ? output : 0;
		return new TokenUsage(in, out, (total != null) ? total : in + out);
	}

	/** Why the model stopped, from the first generation that says. */
	static @Nullable String finishReason(@Nullable ChatResponse response) {
		if (response == null) {
			return null;
		}
		for (Generation generation : response.getResults()) {
			String reason = (generation.getMetadata() != null) ? generation.getMetadata().getFinishReason() : null;
			if (reason != null && !reason.isEmpty()) {
				return reason;
			}
		}
		return null;
	}

	/** The text of a streamed chunk, if any. */
	static @Nullable String text(@Nullable ChatResponse response) {
		if (response == null) {
			return null;
		}
		Generation generation = response.getResult();
		return (generation != null) ? generation.getOutput().getText() : null;
	}

	/** A JSON text as the value it holds; the text itself when it is no JSON. */
	static @Nullable Object json(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return text;
		}
		try {
			return mapper.readValue(text, Object.class);
		}
		catch (RuntimeException ex) {
			return text;
		}
	}

	/**
	 * Tool arguments given as JSON, by name; {@code {"input": text}} when they are no
	 * JSON object.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, @Nullable Object> arguments(@Nullable String input) {
		Object value = json(input);
		if (value instanceof Map<?, ?> map) {
			return (Map<String, @Nullable Object>) map;
		}
		Map<String, @Nullable Object> wrapped = new LinkedHashMap<>(2);
		wrapped.put("input", input);
		return wrapped;
	}

	private static List<Map<String, @Nullable Object>> toolCalls(List<AssistantMessage.ToolCall> toolCalls) {
		List<Map<String, @Nullable Object>> list = new ArrayList<>(toolCalls.size());
		for (AssistantMessage.ToolCall toolCall : toolCalls) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>(4);
			map.put("id", toolCall.id());
			map.put("name", toolCall.name());
			map.put("arguments", json(toolCall.arguments()));
			list.add(map);
		}
		return list;
	}

}
