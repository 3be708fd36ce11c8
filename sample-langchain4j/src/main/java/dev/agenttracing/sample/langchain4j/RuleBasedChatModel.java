package dev.agenttracing.sample.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic local chat model, so that the sample needs no network and no key: it
 * asks for the ticket the customer names and a knowledge base search, escalates a p1
 * ticket, then answers from what the tools returned. Usage is counted as one token per
 * four characters.
 */
public class RuleBasedChatModel implements ChatModel {

	/** The model's name in the traces. */
	public static final String NAME = "support-rules-1";

	private static final Pattern TICKET = Pattern.compile("(?:TCK-|#)(\\d{4})");

	private static final Pattern ARTICLE = Pattern.compile("\"id\"\\s*:\\s*\"(KB-\\d+)\"");

	private static final Pattern TEAM = Pattern.compile("\"team\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

	@Override
	public ChatResponse doChat(ChatRequest request) {
		List<ChatMessage> messages = request.messages();
		int last = lastUserMessage(messages);
		String question = (last >= 0) ? ((UserMessage) messages.get(last)).singleText() : "";
		List<ToolExecutionResultMessage> results = new ArrayList<>();
		int rounds = 0;
		for (ChatMessage message : messages.subList(last + 1, messages.size())) {
			if (message instanceof ToolExecutionResultMessage result) {
				results.add(result);
			}
			else if (message instanceof AiMessage) {
				rounds++;
			}
		}
		Matcher ticket = TICKET.matcher(question);
		String ticketId = ticket.find() ? "TCK-" + ticket.group(1) : null;
		AiMessage answer;
		if (rounds == 0) {
			List<ToolExecutionRequest> calls = new ArrayList<>();
			if (ticketId != null) {
				calls.add(call(1, 1, "lookup_ticket", "{\"ticketId\":\"" + ticketId + "\"}"));
			}
			calls.add(call(1, calls.size() + 1, "search_knowledge_base", "{\"query\":\"" + keywords(question) + "\"}"));
			answer = AiMessage.from(calls);
		}
		else if (rounds == 1 && ticketId != null && resultOf(results, "lookup_ticket").contains("\"p1\"")) {
			answer = AiMessage.from(call(2, 1, "escalate", "{\"ticketId\":\"" + ticketId
					+ "\",\"reason\":\"a p1 ticket: the customer's production is down\"}"));
		}
		else {
			answer = AiMessage.from(answer(ticketId, results));
		}
		return ChatResponse.builder()
			.aiMessage(answer)
			.modelName(NAME)
			.tokenUsage(new TokenUsage(tokens(messages), tokens(answer)))
			.finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
			.build();
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return ChatRequestParameters.builder().modelName(NAME).build();
	}

	private static String answer(@Nullable String ticketId, List<ToolExecutionResultMessage> results) {
		StringBuilder text = new StringBuilder("Thanks for your message.");
		String lookup = resultOf(results, "lookup_ticket");
		if (ticketId != null) {
			Matcher status = STATUS.matcher(lookup);
			text.append(status.find() ? " Ticket " + ticketId + " is " + status.group(1) + "."
					: " I could not find ticket " + ticketId + ".");
		}
		List<String> articles = new ArrayList<>();
		Matcher article = ARTICLE.matcher(resultOf(results, "search_knowledge_base"));
		while (article.find()) {
			articles.add(article.group(1));
		}
		text.append(articles.isEmpty() ? " No article matches your question."
				: " Please see " + String.join(" and ", articles) + " in our knowledge base.");
		Matcher team = TEAM.matcher(resultOf(results, "escalate"));
		if (team.find()) {
			text.append(" I have handed it over to ").append(team.group(1)).append('.');
		}
		return text.toString();
	}

	private static String resultOf(List<ToolExecutionResultMessage> results, String tool) {
		StringBuilder text = new StringBuilder();
		for (ToolExecutionResultMessage result : results) {
			if (result.toolName().equals(tool)) {
				text.append(result.text());
			}
		}
		return text.toString();
	}

	private static int lastUserMessage(List<ChatMessage> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i) instanceof UserMessage) {
				return i;
			}
		}
		return -1;
	}

	private static ToolExecutionRequest call(int round, int index, String tool, String arguments) {
		return ToolExecutionRequest.builder()
			.id("call_" + round + "_" + index + "_" + tool)
			.name(tool)
			.arguments(arguments)
			.build();
	}

	private static String keywords(String question) {
		return question.replaceAll("[^A-Za-z0-9 ]", " ").trim().replaceAll("\\s+", " ");
	}

	private static int tokens(List<ChatMessage> messages) {
		int chars = 0;
		for (ChatMessage message : messages) {
			chars += message.toString().length();
		}
		return Math.max(1, chars / 4);
	}

	private static int tokens(AiMessage message) {
		return Math.max(1, message.toString().length() / 4);
	}

}
