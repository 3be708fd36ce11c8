package dev.agenttracing.autoconfigure.langchain4j;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A deterministic LangChain4j model, blocking and streaming: asked about the weather it
 * requests the {@code weather} and {@code forecast} tools, asked about a ticket the
 * {@code lookup_ticket} tool, and once the tool results are in it answers with them. The
 * streaming side answers on a thread of its own, as a real client does.
 */
public class ScriptedChatModel implements ChatModel, StreamingChatModel {

	public static final String MODEL = "scripted-1";

	static final List<String> CHUNKS = List.of("It is ", "sunny ", "in Paris.");

	final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	public ChatResponse doChat(ChatRequest request) {
		this.requests.add(request);
		return answer(request);
	}

	@Override
	public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
		this.requests.add(request);
		Thread thread = new Thread(() -> {
			ChatResponse answer = answer(request);
			if (answer.aiMessage().hasToolExecutionRequests()) {
				handler.onCompleteResponse(answer);
				return;
			}
			for (String chunk : CHUNKS) {
				handler.onPartialResponse(chunk);
			}
			handler.onCompleteResponse(ChatResponse.builder()
				.aiMessage(AiMessage.from(String.join("", CHUNKS)))
				.modelName(MODEL)
				.tokenUsage(new TokenUsage(8, 6))
				.finishReason(FinishReason.STOP)
				.build());
		}, "scripted-stream");
		thread.start();
	}

	private static ChatResponse answer(ChatRequest request) {
		List<ChatMessage> messages = request.messages();
		ChatMessage last = messages.get(messages.size() - 1);
		if (last instanceof UserMessage user) {
			String question = user.singleText();
			if (question.contains("ticket")) {
				return tools(ToolExecutionRequest.builder()
					.id("call_ticket_1")
					.name("lookup_ticket")
					.arguments("{\"id\":7}")
					.build());
			}
			return tools(
					ToolExecutionRequest.builder()
						.id("call_weather_1")
						.name("weather")
						.arguments("{\"city\":\"Paris\"}")
						.build(),
					ToolExecutionRequest.builder()
						.id("call_forecast_2")
						.name("forecast")
						.arguments("{\"city\":\"Paris\",\"days\":2}")
						.build());
		}
		StringBuilder text = new StringBuilder("Answer:");
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

	private static ChatResponse tools(ToolExecutionRequest... requests) {
		return ChatResponse.builder()
			.aiMessage(AiMessage.from(requests))
			.modelName(MODEL)
			.tokenUsage(new TokenUsage(100, 20))
			.finishReason(FinishReason.TOOL_EXECUTION)
			.build();
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return ChatRequestParameters.builder().modelName(MODEL).build();
	}

	@Override
	public ModelProvider provider() {
		return ModelProvider.OLLAMA;
	}

	@Override
	public List<ChatModelListener> listeners() {
		return List.of();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return Set.of();
	}

}
