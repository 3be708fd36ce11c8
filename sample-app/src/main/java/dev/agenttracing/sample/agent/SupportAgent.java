package dev.agenttracing.sample.agent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.sample.agent.SupportModel.Plan;
import dev.agenttracing.sample.agent.SupportModel.Reply;
import dev.agenttracing.sample.agent.SupportModel.Review;

/**
 * The Support Agent: triages a customer's message with its {@link SupportModel} and
 * {@link SupportTools}. Each call of {@link #answer(String, String)} is one traced run, written to the
 * session's JSONL file:
 * <ol>
 * <li>{@code RunStarted} (the annotation), with the question as input;</li>
 * <li>a {@code ReasoningStep} for the model's plan (manual API);</li>
 * <li>the tool calls, children of the run: {@code search_knowledge_base} (asynchronous),
 * {@code lookup_ticket} (a {@code ToolCallError} for a ticket that does not exist) and, when the model
 * decides so, {@code escalate};</li>
 * <li>a {@code ReasoningStep} for the model's review;</li>
 * <li>one {@code RunContent} per streamed chunk of the answer, then {@code RunContentCompleted};</li>
 * <li>{@code RunCompleted} with the answer and the tokens it took.</li>
 * </ol>
 * Tracing is never required: with {@code tracing.enabled=false} there is no current run and the agent
 * answers just the same.
 */
@Service
public class SupportAgent {

	/** The agent's name in the traces. */
	public static final String NAME = "Support Agent";

	private static final long SEARCH_TIMEOUT_SECONDS = 10;

	private final SupportModel model;

	private final SupportTools tools;

	/**
	 * Creates the agent.
	 * @param model decides what to do and writes the answer
	 * @param tools the tools it calls (through their Spring proxy, so that the calls are traced)
	 */
	public SupportAgent(SupportModel model, SupportTools tools) {
		this.model = model;
		this.tools = tools;
	}

	/**
	 * Answers a customer's message; traced as one run of the session.
	 * @param sessionId the session: the run is written to its file ({@code default} when {@code null})
	 * @param question the customer's message: the run's input
	 * @return the answer
	 */
	@TracedRun(value = NAME, model = RuleBasedSupportModel.NAME)
	public AgentAnswer answer(@SessionId @Nullable String sessionId, String question) {
		AgentRun run = AgentTracer.currentRun(); // null when tracing is switched off
		Plan plan = this.model.plan(question);
		reasoning(run, plan.step(), plan.why());

		// the search runs on another thread while the ticket is looked up here
		CompletableFuture<List<Article>> search = this.tools.searchKnowledgeBase(plan.searchQuery());
		Ticket ticket = null;
		String ticketError = null;
		if (plan.ticketId() != null) {
			try {
				ticket = this.tools.lookupTicket(plan.ticketId());
			}
			catch (TicketNotFoundException ex) {
				// recorded as a ToolCallError; like a model given a tool's error, the agent carries on without it
				ticketError = ex.getMessage();
			}
		}
		List<Article> articles = search.orTimeout(SEARCH_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
		Findings findings = new Findings(ticket, ticketError, articles, null);

		Review review = this.model.review(question, findings);
		reasoning(run, review.step(), review.why());
		if (review.escalate()) {
			findings = findings.withEscalation(
					this.tools.escalate((ticket != null) ? ticket.id() : null, review.reason()));
		}

		Reply reply = this.model.answer(question, findings, (chunk) -> {
			if (run != null) {
				run.content(chunk);
			}
		});
		if (run != null) {
			run.contentCompleted();
			// completes the run with the answer's text and its token usage; the annotation's own
			// completion with the returned AgentAnswer then does nothing
			run.complete(reply.text(), reply.usage());
		}
		String session = (run != null) ? run.sessionId() : (sessionId != null) ? sessionId : AgentTracer.DEFAULT_SESSION;
		return new AgentAnswer(session, (run != null) ? run.runId() : null, reply.text(), findings.ticket(),
				findings.ticketError(), findings.articles(), findings.escalation());
	}

	private static void reasoning(@Nullable AgentRun run, String step, String why) {
		if (run != null) {
			run.reasoning(step, why);
		}
	}

}
