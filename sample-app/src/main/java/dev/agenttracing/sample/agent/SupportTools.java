package dev.agenttracing.sample.agent;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.agenttracing.TracingContext;
import dev.agenttracing.annotation.TracedTool;

/**
 * The Support Agent's tools. Each {@link TracedTool} method called during a run is recorded as one of
 * its tool calls: {@code ToolCallStarted} with the arguments, then {@code ToolCallCompleted} with the
 * result or {@code ToolCallError} with the exception. The data is a small fixed set, so that every
 * run is reproducible: tickets {@code TCK-1042} to {@code TCK-1045} exist, any other id fails.
 */
@Component
public class SupportTools implements DisposableBean {

	private static final Map<String, Ticket> TICKETS = Map.of(
			"TCK-1042", new Ticket("TCK-1042", "Invoice PDF shows the wrong amount", "Acme Corp", "p2", "open"),
			"TCK-1043", new Ticket("TCK-1043", "Cannot log in after a password reset", "Globex", "p3", "open"),
			"TCK-1044", new Ticket("TCK-1044", "Production API answers 503 to every request", "Initech", "p1", "open"),
			"TCK-1045", new Ticket("TCK-1045", "Export of all account data", "Umbrella", "p4", "waiting on customer"));

	private static final List<Entry> KNOWLEDGE_BASE = List.of(
			new Entry(new Article("KB-1", "Invoice amounts and credit notes",
					"Open Billing > Invoices, choose \"Recalculate\"; a credit note for the difference is issued within a day."),
					Set.of("invoice", "invoices", "amount", "wrong", "pdf", "billing", "charged", "credit", "refund")),
			new Entry(new Article("KB-2", "Signing in after a password reset",
					"Reset links expire after 30 minutes: request a new one and clear the browser's cookies for the site."),
					Set.of("log", "login", "sign", "password", "reset", "locked", "account")),
			new Entry(new Article("KB-3", "API errors 502 and 503",
					"Check the status page, then retry with exponential backoff; a 503 for every request is an outage."),
					Set.of("api", "503", "502", "error", "errors", "outage", "down", "production", "requests")),
			new Entry(new Article("KB-4", "Exporting your data",
					"Settings > Data > Export prepares a ZIP of all account data and emails a link within an hour."),
					Set.of("export", "data", "download", "zip", "backup", "account")));

	private static final int MAX_ARTICLES = 2;

	private final ExecutorService searchThreads = Executors.newFixedThreadPool(2, new SearchThreads());

	// each search runs in the context of the run that asked for it, so that what it traces belongs to that run
	private final Executor searchExecutor = TracingContext.wrap(this.searchThreads);

	/**
	 * Looks a ticket up.
	 * @param ticketId the ticket's id, such as {@code TCK-1042}
	 * @return the ticket
	 * @throws TicketNotFoundException if there is no such ticket (recorded as a {@code ToolCallError})
	 */
	@TracedTool("lookup_ticket")
	public Ticket lookupTicket(String ticketId) {
		Ticket ticket = TICKETS.get(ticketId);
		if (ticket == null) {
			throw new TicketNotFoundException(ticketId);
		}
		return ticket;
	}

	/**
	 * Searches the knowledge base on another thread: the tool call ends when the future completes.
	 * @param query keywords
	 * @return the best matching articles, at most two, best first
	 */
	@TracedTool("search_knowledge_base")
	public CompletableFuture<List<Article>> searchKnowledgeBase(String query) {
		return CompletableFuture.supplyAsync(() -> search(query), this.searchExecutor);
	}

	/**
	 * Hands a ticket over to a human team.
	 * @param ticketId the ticket, or {@code null} when the customer named none that exists
	 * @param reason why
	 * @return the escalation
	 */
	@TracedTool("escalate")
	public Escalation escalate(@Nullable String ticketId, String reason) {
		Ticket ticket = (ticketId != null) ? TICKETS.get(ticketId) : null;
		String team = (ticket != null && ticket.priority().equals("p1")) ? "on-call engineering" : "tier-2 support";
		String id = "ESC-" + ((ticket != null) ? ticket.id() : "NEW");
		return new Escalation(id, (ticket != null) ? ticket.id() : null, team, reason);
	}

	private static List<Article> search(String query) {
		Set<String> words = Set.of(query.toLowerCase(Locale.ROOT).split("\\s+"));
		return KNOWLEDGE_BASE.stream()
			.filter((entry) -> entry.score(words) > 0)
			.sorted(Comparator.comparingInt((Entry entry) -> -entry.score(words))
				.thenComparing((entry) -> entry.article().id()))
			.limit(MAX_ARTICLES)
			.map(Entry::article)
			.toList();
	}

	@Override
	public void destroy() {
		this.searchThreads.shutdown();
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

	private static final class SearchThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "knowledge-base-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
