package dev.agenttracing.test.autoconfigure;

import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A deterministic LangChain4j {@link ChatModel}, no network: asked about a booking it
 * requests {@code lookup_booking}, asked about a trip {@code find_flights} then
 * {@code check_weather}; once the tool results are in it answers with them. Each answer
 * reports its usage, as a provider's model does.
 */
class ScriptedLangChain4jModel implements ChatModel {

	static final String MODEL = "scripted-lc4j-1";

	@Override
	public ChatResponse doChat(ChatRequest request) {
		List<ChatMessage> messages = request.messages();
		ChatMessage last = messages.get(messages.size() - 1);
		if (last instanceof UserMessage user) {
			if (user.singleText().contains("booking")) {
				return tools(call("call_booking_1", "lookup_booking", "{\"number\":7}"));
			}
			return tools(call("call_flights_1", "find_flights", "{\"from\":\"Paris\",\"to\":\"Rome\"}"),
					call("call_weather_2", "check_weather", "{\"city\":\"Rome\",\"days\":3}"));
		}
		StringBuilder text = new StringBuilder("Trip:");
		for (ChatMessage message : messages) {
			if (message instanceof ToolExecutionResultMessage result) {
				text.append(' ').append(result.toolName()).append('=').append(result.text()).append(';');
			}
		}
		return ChatResponse.builder()
			.aiMessage(AiMessage.from(text.toString()))
			.modelName(MODEL)
			.tokenUsage(new TokenUsage(40, 12))
			.finishReason(FinishReason.STOP)
			.build();
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return ChatRequestParameters.builder().modelName(MODEL).build();
	}

	private static ToolExecutionRequest call(String id, String name, String arguments) {
		return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
	}

	private static ChatResponse tools(ToolExecutionRequest... requests) {
		return ChatResponse.builder()
			.aiMessage(AiMessage.from(requests))
			.modelName(MODEL)
			.tokenUsage(new TokenUsage(100, 20))
			.finishReason(FinishReason.TOOL_EXECUTION)
			.build();
	}

}
