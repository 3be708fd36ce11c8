package dev.agenttracing.test.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;

/**
 * A deterministic {@link ChatModel}, no network: asked a question with tools, it requests
 * the {@code weather} and {@code forecast} tools; given their results, it answers with
 * them. Streamed, it asks for the tools in one chunk when offered them, then answers in
 * three chunks. Each answer reports its usage, as a provider's model does.
 */
class ScriptedChatModel implements ChatModel {

	static final String MODEL = "scripted-1";

	static final List<String> CHUNKS = List.of("It is ", "sunny ", "in Paris.");

	final List<Prompt> prompts = new CopyOnWriteArrayList<>();

	@Override
	public ChatResponse call(Prompt prompt) {
		this.prompts.add(prompt);
		List<Message> messages = prompt.getInstructions();
		if (messages.get(messages.size() - 1) instanceof ToolResponseMessage results) {
			StringBuilder answer = new StringBuilder("Paris:");
			for (ToolResponseMessage.ToolResponse response : results.getResponses()) {
				answer.append(' ').append(response.name()).append('=').append(response.responseData());
			}
			return response(new AssistantMessage(answer.toString()), 40, 12, "STOP");
		}
		List<String> offered = ((ToolCallingChatOptions) prompt.getOptions()).getToolCallbacks()
			.stream()
			.map((ToolCallback callback) -> callback.getToolDefinition().name())
			.toList();
		if (!offered.containsAll(List.of("weather", "forecast"))) {
			return response(new AssistantMessage("no tools offered: " + offered), 10, 5, "STOP");
		}
		AssistantMessage toolRequest = AssistantMessage.builder()
			.content("")
			.toolCalls(List.of(
					new AssistantMessage.ToolCall("call_weather_1", "function", "weather", "{\"city\":\"Paris\"}"),
					new AssistantMessage.ToolCall("call_forecast_2", "function", "forecast",
							"{\"city\":\"Paris\",\"days\":2}")))
			.build();
		return response(toolRequest, 100, 20, "TOOL_CALLS");
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		this.prompts.add(prompt);
		List<Message> messages = prompt.getInstructions();
		List<ToolCallback> offered = ((ToolCallingChatOptions) prompt.getOptions()).getToolCallbacks();
		if (offered != null && !offered.isEmpty()
				&& !(messages.get(messages.size() - 1) instanceof ToolResponseMessage)) {
			return Flux.just(call(prompt)); // asks for the tools in one chunk
		}
		return Flux.fromIterable(CHUNKS)
			.index()
			.map((chunk) -> (chunk.getT1() < CHUNKS.size() - 1)
					? new ChatResponse(List.of(new Generation(new AssistantMessage(chunk.getT2()))))
					: response(new AssistantMessage(chunk.getT2()), 8, 6, "STOP"));
	}

	@Override
	public ChatOptions getOptions() {
		return ToolCallingChatOptions.builder().model(MODEL).build();
	}

	private static ChatResponse response(AssistantMessage message, int input, int output, String finishReason) {
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		return new ChatResponse(List.of(generation),
				ChatResponseMetadata.builder().model(MODEL).usage(new DefaultUsage(input, output)).build());
	}

}
