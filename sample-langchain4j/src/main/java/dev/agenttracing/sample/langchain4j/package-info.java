/**
 * The Support Agent as a LangChain4j AI service, with a deterministic local model and
 * three tools, traced by the starter with no annotation.
 */
@NullMarked
package dev.agenttracing.sample.langchain4j;

import org.jspecify.annotations.NullMarked;
