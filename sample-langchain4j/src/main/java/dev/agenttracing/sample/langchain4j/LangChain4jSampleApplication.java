package dev.agenttracing.sample.langchain4j;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose Support Agent is a LangChain4j AI service. The starter
 * traces the AI service bean: each call is a run of the session its {@code @MemoryId}
 * names, with the model calls and the tools LangChain4j runs.
 */
@SpringBootApplication
public class LangChain4jSampleApplication {

	/** Messages each session's chat memory keeps. */
	private static final int MEMORY = 20;

	@Bean
	RuleBasedChatModel supportModel() {
		return new RuleBasedChatModel();
	}

	@Bean
	SupportTools supportTools() {
		return new SupportTools();
	}

	/** The AI service, built by hand as LangChain4j documents it; traced as a bean. */
	@Bean
	SupportAgent supportAgent(RuleBasedChatModel model, SupportTools tools) {
		return AiServices.builder(SupportAgent.class)
			.chatModel(model)
			.chatMemoryProvider((sessionId) -> MessageWindowChatMemory.withMaxMessages(MEMORY))
			.tools(tools)
			.build();
	}

	public static void main(String[] args) {
		SpringApplication.run(LangChain4jSampleApplication.class, args);
	}

}
