package dev.agenttracing.test.autoconfigure;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application with an annotated agent ({@link TicketAgent}) and a Spring AI agent
 * ({@link WeatherAgent}) over a scripted model, traced by the starter.
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

}
