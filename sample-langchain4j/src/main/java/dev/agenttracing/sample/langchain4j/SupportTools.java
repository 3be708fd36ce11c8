package dev.agenttracing.sample.langchain4j;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import org.jspecify.annotations.Nullable;

/**
 * The agent's three tools, as in the Spring AI sample: a ticket lookup (failing for an
 * unknown ticket), a knowledge base search and an escalation to a human team.
 */
public class SupportTools {

	private static final Map<String, Ticket> TICKETS = Map.of("TCK-1042",
			new Ticket("TCK-1042", "Invoice PDF shows the wrong amount", "Acme Corp", "p2", "open"), "TCK-1043",
			new Ticket("TCK-1043", "Cannot log in after a password reset", "Globex", "p3", "open"), "TCK-1044",
			new Ticket("TCK-1044", "Production API answers 503 to every request", "Initech", "p1", "open"));

	private static final List<Entry> KNOWLEDGE_BASE = List.of(new Entry(new Article("KB-1",
			"Invoice amounts and credit notes",
			"Open Billing > Invoices, choose \"Recalculate\"; a credit note for the difference is issued within a day."),
			Set.of("invoice", "amount", "wrong", "pdf", "billing", "charged", "refund")),
			new Entry(new Article("KB-2", "Signing in after a password reset",
					"Reset links expire after 30 minutes: request a new one and clear the browser's cookies for the site."),
					Set.of("log", "login", "password", "reset", "locked")),
			new Entry(new Article("KB-3", "API errors 502 and 503",
					"Check the status page, then retry with exponential backoff; a 503 for every request is an outage."),
					Set.of("api", "503", "502", "error", "outage", "production")));

	/**
	 * Looks a ticket up.
	 * @param ticketId the ticket's id, such as {@code TCK-1042}
	 * @return the ticket
	 * @throws IllegalArgumentException if there is no such ticket (recorded as a
	 * {@code ToolCallError}; LangChain4j gives the model its message as the result)
	 */
	@Tool(name = "lookup_ticket", value = "Looks a support ticket up by its id")
	public Ticket lookupTicket(@P("the ticket's id, such as TCK-1042") String ticketId) {
		Ticket ticket = TICKETS.get(ticketId);
		if (ticket == null) {
			throw new IllegalArgumentException("No ticket " + ticketId);
		}
		return ticket;
	}

	/**
	 * Searches the knowledge base.
	 * @param query keywords
	 * @return the best matching articles, at most two, best first
	 */
	@Tool(name = "search_knowledge_base", value = "Searches the knowledge base for articles about a problem")
	public List<Article> searchKnowledgeBase(@P("keywords, separated by spaces") String query) {
		Set<String> words = Set.copyOf(Arrays.asList(query.toLowerCase(Locale.ROOT).split("\\W+")));
		return KNOWLEDGE_BASE.stream()
			.filter((entry) -> entry.score(words) > 0)
			.sorted(Comparator.comparingInt((Entry entry) -> -entry.score(words))
				.thenComparing((entry) -> entry.article().id()))
			.limit(2)
			.map(Entry::article)
			.toList();
	}

	/**
	 * Hands a ticket over to a human team.
	 * @param ticketId the ticket
	 * @param reason why
	 * @return the escalation
	 */
	@Tool(name = "escalate", value = "Hands the customer's problem over to a human team")
	public Escalation escalate(@P("the ticket's id") String ticketId, @P("why a human must take over") String reason) {
		@Nullable Ticket ticket = TICKETS.get(ticketId);
		String team = (ticket != null && ticket.priority().equals("p1")) ? "on-call engineering" : "tier-2 support";
		return new Escalation("ESC-" + ticketId, ticketId, team, reason);
	}

	/** A support ticket. */
	public record Ticket(String id, String title, String customer, String priority, String status) {
	}

	/** A knowledge base article. */
	public record Article(String id, String title, String summary) {
	}

	/** A hand-over to a human team. */
	public record Escalation(String id, String ticketId, String team, String reason) {
	}

	private record Entry(Article article, Set<String> keywords) {

		int score(Set<String> words) {
			int score = 0;
			for (String word : words) {
				if (this.keywords.contains(word)) {
					score++;
				}
			}
			return score;
		}

	}

}
