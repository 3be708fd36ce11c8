package dev.agenttracing.test.autoconfigure;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

/**
 * A LangChain4j AI service with no tracing annotation: the starter records each call as a
 * run of the session its {@code @MemoryId} names.
 */
public interface TripAssistant {

	String chat(@MemoryId String traveller, @UserMessage String question);

}
