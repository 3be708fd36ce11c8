package dev.agenttracing.test.autoconfigure;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application with an annotated agent ({@link TicketAgent}), a Spring AI agent
 * ({@link WeatherAgent}) and a LangChain4j AI service ({@link TripAssistant}) over
 * scripted models, traced by the starter.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestAgentApplication {

	@Bean
	TicketAgent.Tools ticketTools() {
		return new TicketAgent.Tools();
	}

	@Bean
	TicketAgent ticketAgent(TicketAgent.Tools tools) {
		return new TicketAgent(tools);
	}

	@Bean
	ScriptedChatModel chatModel() {
		return new ScriptedChatModel();
	}

	@Bean
	WeatherTools weatherTools() {
		return new WeatherTools();
	}

	@Bean
	WeatherAgent weatherAgent(ChatClient.Builder builder, WeatherTools tools) {
		return new WeatherAgent(builder, tools);
	}

	@Bean
	TripTools tripTools() {
		return new TripTools();
	}

	/**
	 * Built by hand as LangChain4j documents it; traced as a bean, with no annotation.
	 */
	@Bean
	TripAssistant tripAssistant(TripTools tools) {
		return AiServices.builder(TripAssistant.class)
			.chatModel(new ScriptedLangChain4jModel())
			.chatMemoryProvider((traveller) -> MessageWindowChatMemory.withMaxMessages(20))
			.tools(tools)
			.build();
	}

}
