package dev.agenttracing.autoconfigure.langchain4j;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/** A streaming AI service without any tracing annotation. */
public interface StreamingAssistant {

	TokenStream stream(@MemoryId String user, @UserMessage String question);

}
