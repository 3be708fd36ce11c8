package dev.agenttracing.autoconfigure.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;

/**
 * Records each request a chat model (blocking or streaming) sends as a model call of the
 * current run: LangChain4j calls it before the request, and after the answer or the
 * failure, with one attribute map per request that holds the call in between.
 */
final class ModelCallListener implements ChatModelListener {

	static final ModelCallListener INSTANCE = new ModelCallListener();

	private static final String CALL = ModelCallListener.class.getName() + ".call";

	private ModelCallListener() {
	}

	@Override
	public void onRequest(ChatModelRequestContext context) {
		try {
			AgentRun run = AgentTracer.currentRun();
			if (run == null) {
				return;
			}
			ChatRequest request = context.chatRequest();
			ModelCall call = run.startModelCall(request.modelName(),
					LangChain4jContent.provider(context.modelProvider()), LangChain4jContent.input(request.messages()));
			context.attributes().put(CALL, call);
		}
		catch (RuntimeException ex) {
			// never break the model call
		}
	}

	@Override
	public void onResponse(ChatModelResponseContext context) {
		if (!(context.attributes().remove(CALL) instanceof ModelCall call)) {
			return;
		}
		ChatResponse response = context.chatResponse();
		Object output = null;
		try {
			output = LangChain4jContent.output(response.aiMessage());
			call.responseModel(response.modelName()).responseId(response.id());
		}
		catch (RuntimeException ex) {
			// record the call with what could be read
		}
		call.complete(output, LangChain4jContent.usage(response), LangChain4jContent.finishReason(response));
	}

	@Override
	public void onError(ChatModelErrorContext context) {
		if (context.attributes().remove(CALL) instanceof ModelCall call) {
			call.fail(context.error());
		}
	}

}
