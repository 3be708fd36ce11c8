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
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.agenttracing.TracingContext;
import dev.agenttracing.annotation.TracedTool;

/**
 * The Support Agent's tools, offered to the model through Spring AI's {@link Tool}
 * annotation: Spring AI runs the ones the model asks for, and the starter records each as
 * a tool call of the run ({@code ToolCallStarted} with the model's call id and arguments,
 * then {@code ToolCallCompleted} with the result or {@code ToolCallError} with the
 * exception). They are also {@link TracedTool}s, so that called any other way inside a
 * run they are still recorded; called by Spring AI, they are recorded once. What they
 * find also goes to the run's {@link Findings}, from Spring AI's tool context. The data
 * is a small fixed set, so that every run is reproducible: tickets {@code TCK-1042} to
 * {@code TCK-1045} exist, any other id fails.
 */
@Component
public class SupportTools implements DisposableBean {

	private static final Map<String, Ticket> TICKETS = Map.of("TCK-1042",
			new Ticket("TCK-1042", "Invoice PDF shows the wrong amount", "Acme Corp", "p2", "open"), "TCK-1043",
			new Ticket("TCK-1043", "Cannot log in after a password reset", "Globex", "p3", "open"), "TCK-1044",
			new Ticket("TCK-1044", "Production API answers 503 to every request", "Initech", "p1", "open"), "TCK-1045",
			new Ticket("TCK-1045", "Export of all account data", "Umbrella", "p4", "waiting on customer"));

	private static final List<Entry> KNOWLEDGE_BASE = List.of(new Entry(new Article("KB-1",
			"Invoice amounts and credit notes",
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

	// each search runs in the context of the run that asked for it, so that what it
	// traces belongs to that run
	private final Executor searchExecutor = TracingContext.wrap(this.searchThreads);

	/**
	 * Looks a ticket up.
	 * @param ticketId the ticket's id, such as {@code TCK-1042}
	 * @param context Spring AI's tool context, with the run's {@link Findings}
	 * @return the ticket
	 * @throws TicketNotFoundException if there is no such ticket (recorded as a
	 * {@code ToolCallError}; Spring AI gives the model its message as the tool's result)
	 */
	@Tool(name = "lookup_ticket", description = "Looks a support ticket up by its id")
	@TracedTool("lookup_ticket")
	public Ticket lookupTicket(@ToolParam(description = "the ticket's id, such as TCK-1042") String ticketId,
			ToolContext context) {
		Ticket ticket = TICKETS.get(ticketId);
		if (ticket == null) {
			TicketNotFoundException ex = new TicketNotFoundException(ticketId);
			Findings.of(context).setTicketError(ex.getMessage());
			throw ex;
		}
		Findings.of(context).setTicket(ticket);
		return ticket;
	}

	/**
	 * Searches the knowledge base on another thread: the tool call ends when the future
	 * completes. Spring AI calls tools synchronously, so its
	 * {@link CompletionStageResultConverter} waits for the future and hands the model the
	 * articles.
	 * @param query keywords
	 * @param context Spring AI's tool context, with the run's {@link Findings}
	 * @return the best matching articles, at most two, best first
	 */
	@Tool(name = "search_knowledge_base", description = "Searches the knowledge base for articles about a problem",
			resultConverter = CompletionStageResultConverter.class)
	@TracedTool("search_knowledge_base")
	public CompletableFuture<List<Article>> searchKnowledgeBase(
			@ToolParam(description = "keywords, separated by spaces") String query, ToolContext context) {
		Findings findings = Findings.of(context);
		return CompletableFuture.supplyAsync(() -> {
			List<Article> articles = search(query);
			findings.setArticles(articles);
			return articles;
		}, this.searchExecutor);
	}

	/**
	 * Hands a ticket over to a human team.
	 * @param ticketId the ticket, or {@code null} when the customer named none that
	 * exists
	 * @param reason why
	 * @param context Spring AI's tool context, with the run's {@link Findings}
	 * @return the escalation
	 */
	@Tool(name = "escalate", description = "Hands the customer's problem over to a human team")
	@TracedTool("escalate")
	public Escalation escalate(
			@ToolParam(description = "the ticket's id, if the customer named one that exists",
					required = false) @Nullable String ticketId,
			@ToolParam(description = "why a human must take over") String reason, ToolContext context) {
		Ticket ticket = (ticketId != null) ? TICKETS.get(ticketId) : null;
		String team = (ticket != null && ticket.priority().equals("p1")) ? "on-call engineering" : "tier-2 support";
		String id = "ESC-" + ((ticket != null) ? ticket.id() : "NEW");
		Escalation escalation = new Escalation(id, (ticket != null) ? ticket.id() : null, team, reason);
		Findings.of(context).setEscalation(escalation);
		return escalation;
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
