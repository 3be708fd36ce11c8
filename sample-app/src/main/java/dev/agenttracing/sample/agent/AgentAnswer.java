package dev.agenttracing.sample.agent;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the Support Agent answers, as the API returns it.
 *
 * @param sessionId the session the run was traced in: its events are in
 * {@code {sessionId}.jsonl}
 * @param runId the run's id in the trace, or {@code null} when tracing is switched off
 * @param answer the answer to the customer
 * @param ticket the ticket the customer named, if it exists
 * @param ticketError why the named ticket could not be looked up, if it could not
 * @param articles the knowledge base articles used, best first
 * @param escalation the escalation, if the agent escalated
 */
public record AgentAnswer(String sessionId, @Nullable String runId, String answer, @Nullable Ticket ticket,
		@Nullable String ticketError, List<Article> articles, @Nullable Escalation escalation) {

}
