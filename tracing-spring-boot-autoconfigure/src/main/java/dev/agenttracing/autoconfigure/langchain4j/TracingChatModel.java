package dev.agenttracing.autoconfigure.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A chat model that adds the tracing listener to the model's own: LangChain4j's
 * {@code chat} calls every listener around {@code doChat}, which the model answers.
 */
final class TracingChatModel implements ChatModel {

	private final ChatModel delegate;

	TracingChatModel(ChatModel delegate) {
		this.delegate = delegate;
	}

	static ChatModel wrap(ChatModel model) {
		return (model instanceof TracingChatModel) ? model : new TracingChatModel(model);
	}

	ChatModel delegate() {
		return this.delegate;
	}

	@Override
	public ChatResponse doChat(ChatRequest chatRequest) {
		return this.delegate.doChat(chatRequest);
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return this.delegate.defaultRequestParameters();
	}

	@Override
	public List<ChatModelListener> listeners() {
		return withTracing(this.delegate.listeners());
	}

	@Override
	public ModelProvider provider() {
		return this.delegate.provider();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return this.delegate.supportedCapabilities();
	}

	static List<ChatModelListener> withTracing(List<ChatModelListener> listeners) {
		List<ChatModelListener> all = new ArrayList<>((listeners != null) ? listeners : List.of());
		all.add(ModelCallListener.INSTANCE);
		return all;
	}

	@Override
	public String toString() {
		return "TracingChatModel[" + this.delegate + "]";
	}

}
