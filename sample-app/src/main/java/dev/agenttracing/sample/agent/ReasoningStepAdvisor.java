package dev.agenttracing.sample.agent;

import java.util.Map;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.core.publisher.Flux;

import dev.agenttracing.AgentRun;

/**
 * Records the reasoning the model gives with its answers as {@code ReasoningStep}s of a
 * run, through the manual API ({@link AgentRun#reasoning(String, String)}): the starter
 * records Spring AI's model and tool calls by itself, but Spring AI has no type for a
 * model's reasoning. A model that reasons can return it in the metadata of its answer
 * (under {@value #REASONING}, the key Spring AI's OpenAI model uses); the rule-based
 * model does so, and names the step it decided on under {@value #STEP}.
 *
 * <p>
 * Ordered just after Spring AI's {@link ToolCallingAdvisor}, it sees each round of the
 * tool-calling loop, also the answers that ask for tools, which never reach the
 * application. It records a round's reasoning with the first chunk that carries it, so
 * while that model call is still open. Added to one streamed request for its run:
 * <pre>{@code
 * chatClient.prompt().user(question).advisors(new ReasoningStepAdvisor(run)).stream().content()
 * }</pre>
 */
final class ReasoningStepAdvisor implements StreamAdvisor {

	/** The metadata key of the model's reasoning. */
	static final String REASONING = "reasoningContent";

	/** The metadata key of the step the model decided on. */
	static final String STEP = "reasoningStep";

	private final AgentRun run;

	ReasoningStepAdvisor(AgentRun run) {
		this.run = run;
	}

	@Override
	public String getName() {
		return "support agent reasoning steps";
	}

	@Override
	public int getOrder() {
		return ToolCallingAdvisor.DEFAULT_ORDER + 1;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return chain.nextStream(request).doOnNext((response) -> {
			ChatResponse chatResponse = response.chatResponse();
			if (chatResponse == null) {
				return;
			}
			for (Generation generation : chatResponse.getResults()) {
				Map<String, Object> metadata = generation.getOutput().getMetadata();
				if (metadata.get(REASONING) instanceof String reasoning && !reasoning.isEmpty()) {
					this.run.reasoning((metadata.get(STEP) instanceof String step) ? step : null, reasoning);
				}
			}
		});
	}

}
