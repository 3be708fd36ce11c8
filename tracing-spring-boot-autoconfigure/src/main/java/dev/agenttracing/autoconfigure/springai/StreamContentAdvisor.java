package dev.agenttracing.autoconfigure.springai;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

import dev.agenttracing.AgentRun;
import dev.agenttracing.TracingContext;

/**
 * Records what a streamed {@code ChatClient} response hands to the application: each
 * chunk of text as {@code RunContent}, in order, then {@code RunContentCompleted} when
 * the stream completes.
 *
 * <p>
 * An advisor placed before Spring AI's {@code ToolCallingAdvisor} sees exactly the chunks
 * the application gets (the tool-calling rounds are filtered out below it). It also puts
 * the run into the Reactor context, so that the model and tool calls made for this stream
 * on Reactor's threads find it.
 */
final class StreamContentAdvisor implements StreamAdvisor {

	/** Before Spring AI's tool-calling advisor. */
	static final int ORDER = ToolCallingAdvisor.DEFAULT_ORDER - 200;

	@Override
	public String getName() {
		return "agent-tracing streamed content";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.deferContextual((context) -> {
			TracingContext tracing = SpringAiContent.tracingContext(context);
			AgentRun run = tracing.run();
			if (run == null) {
				return chain.nextStream(request);
			}
			return chain.nextStream(request).doOnNext((response) -> {
				String text;
				try {
					text = SpringAiContent.text(response.chatResponse());
				}
				catch (RuntimeException ex) {
					text = null; // never break the application's stream
				}
				if (text != null && !text.isEmpty()) {
					run.content(text);
				}
			}).doOnComplete(run::contentCompleted).contextWrite(Context.of(TracingContext.CONTEXT_KEY, tracing));
		});
	}

}
