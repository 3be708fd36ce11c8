package dev.agenttracing.sample.mcp.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic stand-in for a language model behind Spring AI's {@link ChatModel} API
 * (no network, no API key): given a question, it asks in one answer for both weather
 * tools, {@code get_weather} (id {@value #WEATHER_CALL_ID}) and {@code get_forecast} (id
 * {@value #FORECAST_CALL_ID}, three days), for the city the question names ("in Paris"),
 * Paris when it names none; given their results (the text of an MCP tool's content), it
 * answers with them.
 */
@Component
public class ScriptedTravelModel implements ChatModel {

	/** The model's name. */
	public static final String NAME = "travel-rules-v1";

	/** The id of the {@code get_weather} call the model asks for. */
	public static final String WEATHER_CALL_ID = "call_weather_1";

	/** The id of the {@code get_forecast} call the model asks for. */
	public static final String FORECAST_CALL_ID = "call_forecast_2";

	/** The number of days of forecast the model asks for. */
	public static final int FORECAST_DAYS = 3;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern CITY = Pattern.compile("\\bin\\s+(\\p{Lu}[\\p{L}-]*)");

	@Override
	public ChatOptions getOptions() {
		// tool-calling options: Spring AI attaches the request's tools to a copy of them
		return ToolCallingChatOptions.builder().model(NAME).build();
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		String question = "";
		Map<String, String> results = new LinkedHashMap<>();
		for (Message message : prompt.getInstructions()) {
			if (message.getMessageType() == MessageType.USER) {
				question = (message.getText() != null) ? message.getText() : "";
			}
			else if (message instanceof ToolResponseMessage responses) {
				for (ToolResponseMessage.ToolResponse response : responses.getResponses()) {
					results.put(response.name(), text(response.responseData()));
				}
			}
		}
		if (results.isEmpty()) {
			String city = city(question);
			List<AssistantMessage.ToolCall> calls = new ArrayList<>();
			calls.add(new AssistantMessage.ToolCall(WEATHER_CALL_ID, "function", "get_weather",
					json.writeValueAsString(Map.of("city", city))));
			Map<String, Object> forecast = new LinkedHashMap<>();
			forecast.put("city", city);
			forecast.put("days", FORECAST_DAYS);
			calls.add(new AssistantMessage.ToolCall(FORECAST_CALL_ID, "function", "get_forecast",
					json.writeValueAsString(forecast)));
			return response(AssistantMessage.builder().content("").toolCalls(calls).build(), "TOOL_CALLS");
		}
		String answer = "Now: " + results.getOrDefault("get_weather", "unknown") + ". Next days: "
				+ results.getOrDefault("get_forecast", "unknown") + ".";
		return response(AssistantMessage.builder().content(answer).build(), "STOP");
	}

	/**
	 * The text of a tool's result: an MCP tool's result is its content as JSON (a list of
	 * text items, each a JSON string of what the tool returned).
	 */
	static String text(String data) {
		try {
			JsonNode node = json.readTree(data);
			if (node.isArray()) {
				List<String> texts = new ArrayList<>();
				for (JsonNode item : node) {
					JsonNode text = item.get("text");
					if (text != null && text.isString()) {
						texts.add(text(text.asString()));
					}
				}
				return String.join(" ", texts);
			}
			return node.isString() ? node.asString() : data;
		}
		catch (JacksonException ex) {
			// plain text
			return data;
		}
	}

	private static String city(String question) {
		Matcher matcher = CITY.matcher(question);
		return matcher.find() ? matcher.group(1) : "Paris";
	}

	private static ChatResponse response(AssistantMessage message, String finishReason) {
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		return new ChatResponse(List.of(generation),
				ChatResponseMetadata.builder().model(NAME).usage(new DefaultUsage(10, 10)).build());
	}

}
