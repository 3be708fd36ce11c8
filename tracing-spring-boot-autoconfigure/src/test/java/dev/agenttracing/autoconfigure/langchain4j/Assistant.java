package dev.agenttracing.autoconfigure.langchain4j;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

/** An AI service without any tracing annotation. */
public interface Assistant {

	String chat(@MemoryId String user, @UserMessage String question);

}
