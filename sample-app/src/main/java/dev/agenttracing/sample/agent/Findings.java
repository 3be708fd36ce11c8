package dev.agenttracing.sample.agent;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ToolContext;

/**
 * What the tools found during one run: the agent hands a new one to each conversation in
 * Spring AI's tool context, the tools fill it in, and the agent answers the API with it.
 * Safe to use from any thread, since Spring AI runs the tools of a streamed answer on its
 * own threads. <pre>{@code
 * Findings findings = new Findings();
 * chatClient.prompt().user(question).tools(tools).toolContext(Map.of(Findings.KEY, findings))...;
 * }</pre>
 */
public final class Findings {

	/** The key of the findings in Spring AI's tool context. */
	public static final String KEY = "findings";

	private @Nullable Ticket ticket;

	private @Nullable String ticketError;

	private List<Article> articles = List.of();

	private @Nullable Escalation escalation;

	/**
	 * The findings a tool is to fill in.
	 * @param context the tool context Spring AI passes to the tool
	 * @return the run's findings, or new ones that nobody reads when the context holds
	 * none
	 */
	public static Findings of(@Nullable ToolContext context) {
		Map<String, Object> values = (context != null) ? context.getContext() : Map.of();
		return (values.get(KEY) instanceof Findings findings) ? findings : new Findings();
	}

	/** The ticket the customer named, if it exists. */
	public synchronized @Nullable Ticket getTicket() {
		return this.ticket;
	}

	/** Sets the ticket the customer named. */
	public synchronized void setTicket(Ticket ticket) {
		this.ticket = ticket;
	}

	/** Why the named ticket could not be looked up, if it could not. */
	public synchronized @Nullable String getTicketError() {
		return this.ticketError;
	}

	/** Sets why the named ticket could not be looked up. */
	public synchronized void setTicketError(String ticketError) {
		this.ticketError = ticketError;
	}

	/** The knowledge base articles that match, best first. */
	public synchronized List<Article> getArticles() {
		return this.articles;
	}

	/** Sets the knowledge base articles that match, best first. */
	public synchronized void setArticles(List<Article> articles) {
		this.articles = List.copyOf(articles);
	}

	/** The escalation, once the agent escalated. */
	public synchronized @Nullable Escalation getEscalation() {
		return this.escalation;
	}

	/** Sets the escalation. */
	public synchronized void setEscalation(Escalation escalation) {
		this.escalation = escalation;
	}

}
