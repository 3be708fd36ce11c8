package dev.agenttracing.sample.langchain4j;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/** The Support Agent: a LangChain4j AI service with no tracing annotation. */
public interface SupportAgent {

	/**
	 * Answers a customer's message.
	 * @param sessionId the conversation: the chat memory and the trace file
	 * @param question the customer's message
	 * @return the answer
	 */
	@SystemMessage("You are the support agent of a software company. Look up the ticket the customer names, "
			+ "search the knowledge base, escalate what needs a human, then answer the customer.")
	String answer(@MemoryId String sessionId, @UserMessage String question);

}
