package dev.agenttracing.sample.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.agenttracing.event.TokenUsage;

/**
 * A deterministic stand-in for a language model: a few rules, no network, no API key, the same
 * answer for the same question every time. It reads a ticket number ({@code #1042},
 * {@code TCK-1042}, {@code ticket 1042}), searches with the question's keywords, escalates p1 tickets,
 * urgent wording and questions nothing matches, and streams its answer four words at a time.
 */
@Component
public class RuleBasedSupportModel implements SupportModel {

	/** The model's name, as runs record it. */
	public static final String NAME = "support-rules-v1";

	private static final Pattern TICKET = Pattern.compile("(?i)(?:\\bTCK-|#|\\bticket\\s+#?)(\\d{3,6})\\b");

	private static final Pattern URGENT = Pattern.compile("(?i)\\b(urgent|outage|asap|breach|refund)\\b");

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

	private static final Pattern KEYWORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]*");

	private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "from", "that", "this", "have",
			"has", "was", "are", "our", "you", "your", "can", "cannot", "not", "but", "after", "again", "what", "when",
			"where", "how", "why", "please", "help", "ticket", "tck", "today", "still", "shows", "does", "did",
			"there", "their", "they", "them", "its", "all", "any", "get", "got");

	private static final int MAX_KEYWORDS = 6;

	private static final int WORDS_PER_CHUNK = 4;

	@Override
	public Plan plan(String question) {
		String ticketId = ticketId(question);
		String query = String.join(" ", keywords(question));
		if (ticketId != null) {
			return new Plan("Look up " + ticketId + " and search the knowledge base for \"" + query + "\"",
					"The customer names ticket " + ticketId + ": its priority and status decide the answer; the "
							+ "knowledge base may already describe a fix.",
					ticketId, query);
		}
		return new Plan("Search the knowledge base for \"" + query + "\"",
				"The customer names no ticket, so the knowledge base is the only source.", null, query);
	}

	@Override
	public Review review(String question, Findings findings) {
		Ticket ticket = findings.ticket();
		if (ticket != null && ticket.priority().equals("p1")) {
			return new Review("Escalate " + ticket.id(), ticket.id() + " has priority p1: a human must take it now.",
					true, "priority p1");
		}
		Matcher urgent = URGENT.matcher(question);
		if (urgent.find()) {
			String word = urgent.group(1).toLowerCase(Locale.ROOT);
			return new Review("Escalate", "The customer writes \"" + word + "\": that needs a human.", true,
					"customer writes \"" + word + "\"");
		}
		if (findings.articles().isEmpty()) {
			return new Review("Escalate", "No knowledge base article matches: a human has to look into it.", true,
					"no matching article");
		}
		return new Review("Answer without escalating",
				"\"" + findings.articles().get(0).title() + "\" answers the question and nothing is urgent.", false,
				"");
	}

	@Override
	public Reply answer(String question, Findings findings, Consumer<String> chunks) {
		List<String> sentences = new ArrayList<>();
		Ticket ticket = findings.ticket();
		if (ticket != null) {
			sentences.add("Ticket " + ticket.id() + " (\"" + ticket.subject() + "\", " + ticket.customer() + ") is "
					+ ticket.status() + " with priority " + ticket.priority() + ".");
		}
		else if (findings.ticketError() != null) {
			sentences.add(findings.ticketError() + " exists, so this answer rests on the knowledge base alone.");
		}
		if (!findings.articles().isEmpty()) {
			Article best = findings.articles().get(0);
			sentences.add("From " + best.id() + " \"" + best.title() + "\": " + best.advice());
		}
		else {
			sentences.add("The knowledge base has no article about this yet.");
		}
		Escalation escalation = findings.escalation();
		if (escalation != null) {
			sentences.add("I escalated it to " + escalation.team() + " as " + escalation.id() + " ("
					+ escalation.reason() + ").");
		}
		else {
			sentences.add("No escalation is needed.");
		}
		String text = String.join(" ", sentences);
		String[] words = text.split(" ");
		for (int i = 0; i < words.length; i += WORDS_PER_CHUNK) {
			int end = Math.min(words.length, i + WORDS_PER_CHUNK);
			String chunk = String.join(" ", List.of(words).subList(i, end));
			chunks.accept((end < words.length) ? chunk + " " : chunk);
		}
		String prompt = question + " " + findings;
		return new Reply(text, TokenUsage.of(countWords(prompt), words.length));
	}

	private static @Nullable String ticketId(String question) {
		Matcher matcher = TICKET.matcher(question);
		return matcher.find() ? "TCK-" + matcher.group(1) : null;
	}

	private static List<String> keywords(String question) {
		Set<String> keywords = new LinkedHashSet<>();
		String text = TICKET.matcher(question).replaceAll(" ").toLowerCase(Locale.ROOT);
		Matcher matcher = KEYWORD.matcher(text);
		while (matcher.find() && keywords.size() < MAX_KEYWORDS) {
			String word = matcher.group();
			if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
				keywords.add(word);
			}
		}
		return List.copyOf(keywords);
	}

	private static int countWords(String text) {
		int count = 0;
		Matcher matcher = WORD.matcher(text);
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
