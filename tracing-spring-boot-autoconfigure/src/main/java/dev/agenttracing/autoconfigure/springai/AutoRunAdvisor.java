package dev.agenttracing.autoconfigure.springai;

import java.util.concurrent.CancellationException;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.TracingContext;

/**
 * Makes a {@code ChatClient} call made outside any run a run of its own, so that an
 * application traces its agent with no annotation: the model calls, tools and streamed
 * content the other advisors record become its children. Inside a run (a
 * {@code @TracedRun} method, or a run started by hand) it does nothing. The session is
 * the chat memory's conversation id when the call has one.
 */
final class AutoRunAdvisor implements CallAdvisor, StreamAdvisor {

	/**
	 * First, so that every other advisor (the tool-calling loop among them) runs inside
	 * the run.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final AgentTracer tracer;

	private final String agentName;

	AutoRunAdvisor(AgentTracer tracer, String agentName) {
		this.tracer = tracer;
		this.agentName = agentName;
	}

	@Override
	public String getName() {
		return "agent-tracing automatic runs";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		if (AgentTracer.currentRun() != null) {
			return chain.nextCall(request);
		}
		AgentRun run = start(request);
		ChatClientResponse response;
		try {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			run.fail(ex);
			throw ex;
		}
		Object output = null;
		try {
			output = SpringAiContent.output(response.chatResponse());
		}
		catch (RuntimeException ex) {
			// complete the run without output
		}
		run.complete(output);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.deferContextual((context) -> {
			TracingContext tracing = SpringAiContent.tracingContext(context);
			if (tracing.run() != null) {
				return chain.nextStream(request);
			}
			AgentRun run = start(request);
			// the answer arrives on other threads: the Reactor context carries the run
			run.detach();
			StringBuilder text = new StringBuilder();
			return chain.nextStream(request).doOnNext((response) -> {
				try {
					String chunk = SpringAiContent.text(response.chatResponse());
					if (chunk != null) {
						synchronized (text) {
							text.append(chunk);
						}
					}
				}
				catch (RuntimeException ex) {
					// never break the application's stream
				}
			}).doOnComplete(() -> {
				synchronized (text) {
					run.complete(text.toString());
				}
			})
				.doOnError(run::fail)
				.doOnCancel(() -> run.fail(new CancellationException("cancelled by the subscriber")))
				.contextWrite(Context.of(TracingContext.CONTEXT_KEY, tracing.withRun(run)));
		});
	}

	private AgentRun start(ChatClientRequest request) {
		Object input = null;
		String model = null;
		String session = null;
		try {
			UserMessage user = request.prompt().getUserMessage();
			input = user.getText();
			model = SpringAiContent.model(request.prompt());
			Object conversation = request.context().get(ChatMemory.CONVERSATION_ID);
			session = (conversation != null) ? conversation.toString() : null;
		}
		catch (RuntimeException ex) {
			// start the run with what could be read
		}
		return this.tracer.newRun(this.agentName).model(model).input(input).sessionId(session).start();
	}

	/** The agent name of automatic runs. */
	String agentName() {
		return this.agentName;
	}

	@Override
	public String toString() {
		return "AutoRunAdvisor[" + this.agentName + "]";
	}

}
