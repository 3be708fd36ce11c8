package dev.agenttracing.sample.agent;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the agent's tools found for one question.
 *
 * @param ticket the ticket the customer named, if it exists
 * @param ticketError why the named ticket could not be looked up, if it could not
 * @param articles the knowledge base articles that match, best first
 * @param escalation the escalation, once the agent escalated
 */
public record Findings(@Nullable Ticket ticket, @Nullable String ticketError, List<Article> articles,
		@Nullable Escalation escalation) {

	public Findings {
		articles = List.copyOf(articles);
	}

	/** These findings with an escalation. */
	public Findings withEscalation(Escalation escalation) {
		return new Findings(this.ticket, this.ticketError, this.articles, escalation);
	}

}
