package dev.agenttracing.sample.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic stand-in for a language model behind Spring AI's {@link ChatModel} API:
 * a few rules, no network, no API key, the same answer to the same conversation every
 * time. Like a real model it answers a conversation in rounds, and Spring AI's
 * tool-calling loop runs the tools it asks for:
 * <ol>
 * <li>given the customer's message, it asks for {@code search_knowledge_base} with the
 * message's keywords and, when the message names a ticket ({@code #1042},
 * {@code TCK-1042}, {@code ticket 1042}), {@code lookup_ticket};</li>
 * <li>given their results, it asks for {@code escalate} for a p1 ticket, urgent wording
 * or a question nothing matches, and otherwise answers;</li>
 * <li>given the escalation, it answers.</li>
 * </ol>
 * Each round's step and the reasoning behind it are in the answer's metadata (see
 * {@link ReasoningStepAdvisor}); every answer reports its usage (one token per word) and
 * finish reason. Streamed, the answer comes four words at a time, a request for tools in
 * one chunk.
 */
@Component
public class RuleBasedSupportModel implements ChatModel {

	/** The model's name, as its options and the agent's runs give it. */
	public static final String NAME = "support-rules-v1";

	static final String LOOKUP_TICKET = "lookup_ticket";

	static final String SEARCH_KNOWLEDGE_BASE = "search_knowledge_base";

	static final String ESCALATE = "escalate";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern TICKET = Pattern.compile("(?i)(?:\\bTCK-|#|\\bticket\\s+#?)(\\d{3,6})\\b");

	private static final Pattern URGENT = Pattern.compile("(?i)\\b(urgent|outage|asap|breach|refund)\\b");

	private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

	private static final Pattern KEYWORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]*");

	private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "from", "that", "this", "have",
			"has", "was", "are", "our", "you", "your", "can", "cannot", "not", "but", "after", "again", "what", "when",
			"where", "how", "why", "please", "help", "ticket", "tck", "today", "still", "shows", "does", "did", "there",
			"their", "they", "them", "its", "all", "any", "get", "got");

	private static final int MAX_KEYWORDS = 6;

	private static final int WORDS_PER_CHUNK = 4;

	@Override
	public ChatOptions getOptions() {
		// tool-calling options: Spring AI attaches the request's tools to a copy of them
		return ToolCallingChatOptions.builder().model(NAME).build();
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		Turn turn = turn(prompt);
		return response(turn.message(turn.text(), true), turn);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		Turn turn = turn(prompt);
		if (!turn.toolCalls().isEmpty()) {
			return Flux.just(response(turn.message(turn.text(), true), turn));
		}
		List<String> chunks = chunks(turn.text());
		List<ChatResponse> responses = new ArrayList<>(chunks.size());
		for (int i = 0; i < chunks.size(); i++) {
			// the reasoning comes first
			AssistantMessage message = turn.message(chunks.get(i), i == 0);
			responses.add((i == chunks.size() - 1) ? response(message, turn)
					: new ChatResponse(List.of(new Generation(message))));
		}
		return Flux.fromIterable(responses);
	}

	/** What to answer to this conversation. */
	private static Turn turn(Prompt prompt) {
		List<Message> messages = prompt.getInstructions();
		String question = "";
		Map<String, String> results = new LinkedHashMap<>();
		int toolCalls = 0;
		for (Message message : messages) {
			if (message.getMessageType() == MessageType.USER) {
				question = (message.getText() != null) ? message.getText() : "";
			}
			else if (message instanceof AssistantMessage assistant) {
				toolCalls += assistant.getToolCalls().size();
			}
			else if (message instanceof ToolResponseMessage responses) {
				for (ToolResponseMessage.ToolResponse response : responses.getResponses()) {
					results.put(response.name(), response.responseData());
				}
			}
		}
		Set<String> offered = offeredTools(prompt);
		int promptTokens = countWords(messages);
		if (!offered.contains(SEARCH_KNOWLEDGE_BASE)) {
			// offered no tools: it answers with what the conversation holds
			return Turn.answer(answer(findings(results)), null, null, promptTokens);
		}
		if (results.isEmpty()) {
			return plan(question, offered, toolCalls, promptTokens);
		}
		Findings findings = findings(results);
		if (findings.getEscalation() == null) {
			return review(question, findings, offered, toolCalls, promptTokens);
		}
		return Turn.answer(answer(findings), null, null, promptTokens);
	}

	/** The first round: what to look up. */
	private static Turn plan(String question, Set<String> offered, int toolCalls, int promptTokens) {
		String ticketId = ticketId(question);
		String query = String.join(" ", keywords(question));
		List<AssistantMessage.ToolCall> calls = new ArrayList<>();
		calls.add(toolCall(toolCalls + 1, SEARCH_KNOWLEDGE_BASE, Map.of("query", query)));
		if (ticketId != null && offered.contains(LOOKUP_TICKET)) {
			calls.add(toolCall(toolCalls + 2, LOOKUP_TICKET, Map.of("ticketId", ticketId)));
			return Turn.tools(calls, "Look up " + ticketId + " and search the knowledge base for \"" + query + "\"",
					"The customer names ticket " + ticketId + ": its priority and status decide the answer; the "
							+ "knowledge base may already describe a fix.",
					promptTokens);
		}
		return Turn.tools(calls, "Search the knowledge base for \"" + query + "\"",
				"The customer names no ticket, so the knowledge base is the only source.", promptTokens);
	}

	/** The second round: escalate, or answer. */
	private static Turn review(String question, Findings findings, Set<String> offered, int toolCalls,
			int promptTokens) {
		Ticket ticket = findings.getTicket();
		Matcher urgent = URGENT.matcher(question);
		String step = "Escalate";
		String why;
		String reason;
		if (ticket != null && ticket.priority().equals("p1")) {
			step = "Escalate " + ticket.id();
			why = ticket.id() + " has priority p1: a human must take it now.";
			reason = "priority p1";
		}
		else if (urgent.find()) {
			String word = urgent.group(1).toLowerCase(Locale.ROOT);
			why = "The customer writes \"" + word + "\": that needs a human.";
			reason = "customer writes \"" + word + "\"";
		}
		else if (findings.getArticles().isEmpty()) {
			why = "No knowledge base article matches: a human has to look into it.";
			reason = "no matching article";
		}
		else {
			return Turn.answer(answer(findings), "Answer without escalating",
					"\"" + findings.getArticles().get(0).title() + "\" answers the question and nothing is urgent.",
					promptTokens);
		}
		if (!offered.contains(ESCALATE)) {
			return Turn.answer(answer(findings), null, null, promptTokens);
		}
		Map<String, Object> arguments = new LinkedHashMap<>();
		if (ticket != null) {
			arguments.put("ticketId", ticket.id());
		}
		arguments.put("reason", reason);
		return Turn.tools(List.of(toolCall(toolCalls + 1, ESCALATE, arguments)), step, why, promptTokens);
	}

	/** The answer to the customer, from what the tools found. */
	private static String answer(Findings findings) {
		List<String> sentences = new ArrayList<>();
		Ticket ticket = findings.getTicket();
		if (ticket != null) {
			sentences.add("Ticket " + ticket.id() + " (\"" + ticket.subject() + "\", " + ticket.customer() + ") is "
					+ ticket.status() + " with priority " + ticket.priority() + ".");
		}
		else if (findings.getTicketError() != null) {
			sentences.add(findings.getTicketError() + " exists, so this answer rests on the knowledge base alone.");
		}
		if (!findings.getArticles().isEmpty()) {
			Article best = findings.getArticles().get(0);
			sentences.add("From " + best.id() + " \"" + best.title() + "\": " + best.advice());
		}
		else {
			sentences.add("The knowledge base has no article about this yet.");
		}
		Escalation escalation = findings.getEscalation();
		if (escalation != null) {
			sentences.add("I escalated it to " + escalation.team() + " as " + escalation.id() + " ("
					+ escalation.reason() + ").");
		}
		else {
			sentences.add("No escalation is needed.");
		}
		return String.join(" ", sentences);
	}

	/** What the tools returned, as the model reads their results. */
	private static Findings findings(Map<String, String> results) {
		Findings findings = new Findings();
		String ticket = results.get(LOOKUP_TICKET);
		if (ticket != null) {
			try {
				findings.setTicket(json.readValue(ticket, Ticket.class));
			}
			catch (JacksonException ex) {
				findings.setTicketError(ticket); // no ticket: the tool's error message
			}
		}
		String articles = results.get(SEARCH_KNOWLEDGE_BASE);
		if (articles != null) {
			findings.setArticles(json.readValue(articles, new TypeReference<List<Article>>() {
			}));
		}
		String escalation = results.get(ESCALATE);
		if (escalation != null) {
			findings.setEscalation(json.readValue(escalation, Escalation.class));
		}
		return findings;
	}

	private static Set<String> offeredTools(Prompt prompt) {
		Set<String> names = new LinkedHashSet<>();
		if (prompt.getOptions() instanceof ToolCallingChatOptions options && options.getToolCallbacks() != null) {
			for (ToolCallback callback : options.getToolCallbacks()) {
				names.add(callback.getToolDefinition().name());
			}
		}
		return names;
	}

	private static AssistantMessage.ToolCall toolCall(int number, String name, Map<String, Object> arguments) {
		return new AssistantMessage.ToolCall("call_" + number, "function", name, json.writeValueAsString(arguments));
	}

	private static ChatResponse response(AssistantMessage message, Turn turn) {
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder()
					.finishReason(turn.toolCalls().isEmpty() ? "STOP" : "TOOL_CALLS")
					.build());
		return new ChatResponse(List.of(generation),
				ChatResponseMetadata.builder()
					.model(NAME)
					.usage(new DefaultUsage(turn.promptTokens(), turn.completionTokens()))
					.build());
	}

	private static List<String> chunks(String text) {
		String[] words = text.split(" ");
		List<String> chunks = new ArrayList<>();
		for (int i = 0; i < words.length; i += WORDS_PER_CHUNK) {
			int end = Math.min(words.length, i + WORDS_PER_CHUNK);
			String chunk = String.join(" ", List.of(words).subList(i, end));
			chunks.add((end < words.length) ? chunk + " " : chunk);
		}
		return chunks;
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

	private static int countWords(List<Message> messages) {
		int count = 0;
		for (Message message : messages) {
			count += countWords(message.getText());
			if (message instanceof AssistantMessage assistant) {
				for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
					count += countWords(call.name() + " " + call.arguments());
				}
			}
			else if (message instanceof ToolResponseMessage responses) {
				for (ToolResponseMessage.ToolResponse response : responses.getResponses()) {
					count += countWords(response.responseData());
				}
			}
		}
		return count;
	}

	/** The tokens of a text: one per word, as words are separated by white space. */
	static int countWords(@Nullable String text) {
		return (text == null || text.isBlank()) ? 0 : WHITE_SPACE.split(text.strip()).length;
	}

	/**
	 * One answer: text or tool calls, the step and reasoning behind it, and the tokens it
	 * took.
	 *
	 * @param text the answer's text, empty when it asks for tools
	 * @param toolCalls the tools it asks for
	 * @param step the step decided on, if this round decides one
	 * @param why the reasoning behind it
	 * @param promptTokens the tokens of the conversation so far
	 * @param completionTokens the tokens of the answer
	 */
	private record Turn(String text, List<AssistantMessage.ToolCall> toolCalls, @Nullable String step,
			@Nullable String why, int promptTokens, int completionTokens) {

		static Turn tools(List<AssistantMessage.ToolCall> calls, String step, String why, int promptTokens) {
			int tokens = 0;
			for (AssistantMessage.ToolCall call : calls) {
				tokens += countWords(call.name() + " " + call.arguments());
			}
			return new Turn("", calls, step, why, promptTokens, tokens);
		}

		static Turn answer(String text, @Nullable String step, @Nullable String why, int promptTokens) {
			return new Turn(text, List.of(), step, why, promptTokens, countWords(text));
		}

		/**
		 * The assistant message with this text; with the tool calls, and with the
		 * reasoning if asked.
		 */
		AssistantMessage message(String text, boolean withReasoning) {
			Map<String, Object> properties = new LinkedHashMap<>();
			if (withReasoning && this.why != null) {
				properties.put(ReasoningStepAdvisor.REASONING, this.why);
				if (this.step != null) {
					properties.put(ReasoningStepAdvisor.STEP, this.step);
				}
			}
			return AssistantMessage.builder().content(text).properties(properties).toolCalls(this.toolCalls).build();
		}

	}

}
