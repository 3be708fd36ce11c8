package dev.agenttracing.autoconfigure.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import dev.agenttracing.Scope;
import dev.agenttracing.TracingContext;

/**
 * A streaming chat model that adds the tracing listener to the model's own and calls the
 * response handler in the tracing context of the thread that sent the request: the next
 * round of the AI service's tool loop, which LangChain4j starts from the model's thread,
 * and the tools it runs there stay part of the run.
 */
final class TracingStreamingChatModel implements StreamingChatModel {

	private final StreamingChatModel delegate;

	TracingStreamingChatModel(StreamingChatModel delegate) {
		this.delegate = delegate;
	}

	static StreamingChatModel wrap(StreamingChatModel model) {
		return (model instanceof TracingStreamingChatModel) ? model : new TracingStreamingChatModel(model);
	}

	@Override
	public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
		this.delegate.doChat(chatRequest, new ContextHandler(handler, TracingContext.capture()));
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return this.delegate.defaultRequestParameters();
	}

	@Override
	public List<ChatModelListener> listeners() {
		return TracingChatModel.withTracing(this.delegate.listeners());
	}

	@Override
	public ModelProvider provider() {
		return this.delegate.provider();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return this.delegate.supportedCapabilities();
	}

	@Override
	public String toString() {
		return "TracingStreamingChatModel[" + this.delegate + "]";
	}

	/** Calls the handler in a captured tracing context. */
	private record ContextHandler(StreamingChatResponseHandler handler,
			TracingContext context) implements StreamingChatResponseHandler {

		@Override
		public void onPartialResponse(String partialResponse) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialResponse(partialResponse);
			}
		}

		@Override
		public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialResponse(partialResponse, context);
			}
		}

		@Override
		public void onPartialThinking(PartialThinking partialThinking) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialThinking(partialThinking);
			}
		}

		@Override
		public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialThinking(partialThinking, context);
			}
		}

		@Override
		public void onPartialToolCall(PartialToolCall partialToolCall) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialToolCall(partialToolCall);
			}
		}

		@Override
		public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onPartialToolCall(partialToolCall, context);
			}
		}

		@Override
		public void onCompleteToolCall(CompleteToolCall completeToolCall) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onCompleteToolCall(completeToolCall);
			}
		}

		@Override
		public void onUnmappedRawEvent(Object rawEvent) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onUnmappedRawEvent(rawEvent);
			}
		}

		@Override
		public void onCompleteResponse(ChatResponse completeResponse) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onCompleteResponse(completeResponse);
			}
		}

		@Override
		public void onError(Throwable error) {
			try (Scope scope = this.context.makeCurrent()) {
				this.handler.onError(error);
			}
		}

	}

}
