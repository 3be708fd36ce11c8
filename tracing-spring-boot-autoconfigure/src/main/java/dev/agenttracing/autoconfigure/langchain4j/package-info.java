/**
 * Records LangChain4j's AI services, their chat model calls and the tools they run,
 * through LangChain4j's own extension points: chat model listeners and the AI service's
 * tool execution hooks.
 */
@NullMarked
package dev.agenttracing.autoconfigure.langchain4j;

import org.jspecify.annotations.NullMarked;
