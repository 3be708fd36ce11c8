package dev.agenttracing.autoconfigure.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;
import dev.agenttracing.Scope;
import dev.agenttracing.event.TokenUsage;

/**
 * Records each call a {@code ChatClient} makes to its {@code ChatModel} as a model call
 * of the current run, with the usage and finish reason the model reports.
 *
 * <p>
 * Why an advisor: since Spring AI 2.0 the tool-calling loop runs in the
 * {@code ChatClient}'s own {@code ToolCallingAdvisor}, which sends every round back
 * through the advisors after it. Ordered just before {@code ChatModelCallAdvisor} (the
 * last one, which calls the model), this advisor sees every round as one request and one
 * response, whatever the {@code ChatModel} is, with no proxy around the model bean and
 * without depending on the model emitting Spring AI's own observations (a hand-written
 * {@code ChatModel} does not, and without an {@code ObservationRegistry} bean none are
 * made at all).
 */
final class ModelCallAdvisor implements CallAdvisor, StreamAdvisor {

	/**
	 * Just before Spring AI's {@code ChatModelCallAdvisor} /
	 * {@code ChatModelStreamAdvisor}, after the tool loop.
	 */
	static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

	@Override
	public String getName() {
		return "agent-tracing model calls";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		AgentRun run = AgentTracer.currentRun();
		if (run == null) {
			return chain.nextCall(request);
		}
		ModelCall call = start(run, request.prompt());
		ChatClientResponse response;
		try (Scope scope = call.makeCurrent()) {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			call.fail(ex);
			throw ex;
		}
		complete(call, response.chatResponse());
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.deferContextual((context) -> {
			AgentRun run = SpringAiContent.run(context);
			if (run == null) {
				return chain.nextStream(request);
			}
			ModelCall call = start(run, request.prompt());
			call.detach(); // the chunks arrive on other threads
			Chunks chunks = new Chunks();
			return chain.nextStream(request)
				.doOnNext((response) -> chunks.add(response.chatResponse()))
				.doOnComplete(() -> chunks.complete(call))
				.doOnError(call::fail)
				.doOnCancel(() -> call.fail(new CancellationException("cancelled by the subscriber")));
		});
	}

	private static ModelCall start(AgentRun run, Prompt prompt) {
		Object input;
		try {
			input = SpringAiContent.input(prompt);
		}
		catch (RuntimeException ex) {
			input = null; // an unexpected message type: the call is still recorded
		}
		return run.startModelCall(SpringAiContent.model(prompt), SpringAiContent.provider(prompt), input);
	}

	private static void complete(ModelCall call, @Nullable ChatResponse response) {
		Object output = null;
		TokenUsage usage = null;
		String finishReason = null;
		try {
			output = SpringAiContent.output(response);
			usage = SpringAiContent.usage(response);
			finishReason = SpringAiContent.finishReason(response);
			if (response != null) {
				ChatResponseMetadata metadata = response.getMetadata();
				call.responseModel(nonEmpty(metadata.getModel())).responseId(nonEmpty(metadata.getId()));
			}
		}
		catch (RuntimeException ex) {
			// record the call with what could be read
		}
		call.complete(output, usage, finishReason);
	}

	private static @Nullable String nonEmpty(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? value : null;
	}

	/**
	 * The chunks of one streamed answer: their text, tool calls, last usage and finish
	 * reason, and the response's model and id.
	 */
	private static final class Chunks {

		private final StringBuilder text = new StringBuilder();

		private final List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();

		private @Nullable TokenUsage usage;

		private @Nullable String finishReason;

		private @Nullable String model;

		private @Nullable String id;

		synchronized void add(@Nullable ChatResponse response) {
			if (response == null) {
				return;
			}
			try {
				for (Generation generation : response.getResults()) {
					AssistantMessage message = generation.getOutput();
					if (message.getText() != null) {
						this.text.append(message.getText());
					}
					this.toolCalls.addAll(message.getToolCalls());
				}
				TokenUsage usage = SpringAiContent.usage(response);
				if (usage != null && usage.totalTokens() > 0) {
					// providers report it on the last chunk, some cumulatively
					this.usage = usage;
				}
				String reason = SpringAiContent.finishReason(response);
				if (reason != null) {
					this.finishReason = reason;
				}
				// the last non-empty ones
				ChatResponseMetadata metadata = response.getMetadata();
				String model = nonEmpty(metadata.getModel());
				String id = nonEmpty(metadata.getId());
				this.model = (model != null) ? model : this.model;
				this.id = (id != null) ? id : this.id;
			}
			catch (RuntimeException ex) {
				// skip what cannot be read
			}
		}

		synchronized void complete(ModelCall call) {
			call.responseModel(this.model).responseId(this.id);
			call.complete(SpringAiContent.output(this.text.toString(), this.toolCalls), this.usage, this.finishReason);
		}

	}

}
