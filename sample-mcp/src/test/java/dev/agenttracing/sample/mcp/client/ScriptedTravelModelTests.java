package dev.agenttracing.sample.mcp.client;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The travel agent's scripted model asks for both weather tools in one answer, then
 * answers with their results.
 */
class ScriptedTravelModelTests {

	private final ScriptedTravelModel model = new ScriptedTravelModel();

	@Test
	void aQuestionGetsBothToolsForTheCityItNamesInOneAnswer() {
		ChatResponse response = this.model.call(new Prompt(new UserMessage("What is the weather in Lisbon?")));
		List<AssistantMessage.ToolCall> calls = response.getResult().getOutput().getToolCalls();
		assertThat(calls).extracting(AssistantMessage.ToolCall::id)
			.containsExactly(ScriptedTravelModel.WEATHER_CALL_ID, ScriptedTravelModel.FORECAST_CALL_ID);
		assertThat(calls).extracting(AssistantMessage.ToolCall::name).containsExactly("get_weather", "get_forecast");
		assertThat(calls.get(0).arguments()).isEqualTo("{\"city\":\"Lisbon\"}");
		assertThat(calls.get(1).arguments()).isEqualTo("{\"city\":\"Lisbon\",\"days\":3}");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
	}

	@Test
	void aQuestionNamingNoCityAsksAboutParis() {
		ChatResponse response = this.model.call(new Prompt(new UserMessage("Will it rain?")));
		assertThat(response.getResult().getOutput().getToolCalls().get(0).arguments())
			.isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void theToolResultsGetAnAnswerWithThem() {
		ChatResponse first = this.model.call(new Prompt(new UserMessage("What is the weather in Oslo?")));
		ToolResponseMessage results = ToolResponseMessage.builder()
			.responses(List.of(
					new ToolResponseMessage.ToolResponse(ScriptedTravelModel.WEATHER_CALL_ID, "get_weather", "cold"),
					new ToolResponseMessage.ToolResponse(ScriptedTravelModel.FORECAST_CALL_ID, "get_forecast",
							"colder")))
			.build();
		List<Message> conversation = List.of(new UserMessage("What is the weather in Oslo?"),
				first.getResult().getOutput(), results);
		ChatResponse answer = this.model.call(new Prompt(conversation));
		assertThat(answer.getResult().getOutput().getText()).isEqualTo("Now: cold. Next days: colder.");
		assertThat(answer.getResult().getOutput().getToolCalls()).isEmpty();
	}

	@Test
	void anMcpToolResultIsReadAsTheTextOfItsContent() {
		assertThat(ScriptedTravelModel.text("[{\"text\":\"\\\"Paris: windy, 25 °C\\\"\"}]"))
			.isEqualTo("Paris: windy, 25 °C");
		assertThat(ScriptedTravelModel.text("[{\"text\":\"a\"},{\"text\":\"b\"}]")).isEqualTo("a b");
		assertThat(ScriptedTravelModel.text("\"quoted\"")).isEqualTo("quoted");
		assertThat(ScriptedTravelModel.text("plain text")).isEqualTo("plain text");
	}

}
