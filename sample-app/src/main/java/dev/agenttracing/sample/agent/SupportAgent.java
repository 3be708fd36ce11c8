package dev.agenttracing.sample.agent;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;

/**
 * The Support Agent: triages a customer's message with a Spring AI {@link ChatClient}
 * over the {@link RuleBasedSupportModel}, which asks for the {@link SupportTools} that
 * Spring AI's tool-calling loop then runs. Each call of {@link #answer(String, String)}
 * is one traced run, written to the session's JSONL file:
 * <ol>
 * <li>{@code RunStarted} (the annotation), with the question as input;</li>
 * <li>a {@code ModelCallStarted}/{@code ModelCallCompleted} pair for each round of the
 * loop, with the messages, the answer and its usage (recorded by the starter's Spring AI
 * integration);</li>
 * <li>a {@code ReasoningStep} for the step the model decides on in the first two rounds
 * (the manual API, from {@link ReasoningStepAdvisor});</li>
 * <li>the tools the model asks for, children of the run, with the model's call ids
 * (recorded by the integration): {@code search_knowledge_base} (asynchronous),
 * {@code lookup_ticket} (a {@code ToolCallError} for a ticket that does not exist; the
 * model gets the error and carries on) and, when the model decides so,
 * {@code escalate};</li>
 * <li>one {@code RunContent} per streamed chunk of the answer, then
 * {@code RunContentCompleted} (recorded by the integration);</li>
 * <li>{@code RunCompleted} with the answer and the tokens of all model calls.</li>
 * </ol>
 * Tracing is never required: with {@code tracing.enabled=false} there is no current run
 * and the agent answers just the same.
 */
@Service
public class SupportAgent {

	/** The agent's name in the traces. */
	public static final String NAME = "Support Agent";

	/** What the model is told first in each conversation. */
	static final String INSTRUCTIONS = "You are the support agent of a software company. Look up the ticket the "
			+ "customer names, search the knowledge base, escalate what needs a human, then answer the customer.";

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private final ChatClient chatClient;

	private final SupportTools tools;

	/**
	 * Creates the agent.
	 * @param chatClient Spring AI's builder, to which the starter has added its advisors
	 * @param tools the tools the model may ask for (the Spring bean, so that they are
	 * also {@code @TracedTool}s)
	 */
	public SupportAgent(ChatClient.Builder chatClient, SupportTools tools) {
		this.chatClient = chatClient.defaultSystem(INSTRUCTIONS).build();
		this.tools = tools;
	}

	/**
	 * Answers a customer's message; traced as one run of the session.
	 * @param sessionId the session: the run is written to its file ({@code default} when
	 * {@code null})
	 * @param question the customer's message: the run's input
	 * @return the answer
	 */
	@TracedRun(value = NAME, model = RuleBasedSupportModel.NAME)
	public AgentAnswer answer(@SessionId @Nullable String sessionId, String question) {
		AgentRun run = AgentTracer.currentRun(); // null when tracing is switched off
		Findings findings = new Findings(); // filled in by the tools
		ChatClient.ChatClientRequestSpec request = this.chatClient.prompt()
			.user(question)
			.tools(this.tools)
			.toolContext(Map.of(Findings.KEY, findings));
		if (run != null) {
			request = request.advisors(new ReasoningStepAdvisor(run));
		}
		// streamed: the integration records each chunk the application gets as RunContent
		String answer = request.stream().content().collect(Collectors.joining()).block(ANSWER_TIMEOUT);
		if (answer == null) {
			answer = "";
		}
		if (run != null) {
			// completes the run with the answer's text; its usage is the sum of the model
			// calls'. The
			// annotation's own completion with the returned AgentAnswer then does nothing
			run.complete(answer);
		}
		String session = (run != null) ? run.sessionId()
				: (sessionId != null) ? sessionId : AgentTracer.DEFAULT_SESSION;
		return new AgentAnswer(session, (run != null) ? run.runId() : null, answer, findings.getTicket(),
				findings.getTicketError(), findings.getArticles(), findings.getEscalation());
	}

}
