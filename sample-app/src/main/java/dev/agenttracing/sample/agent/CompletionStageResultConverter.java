package dev.agenttracing.sample.agent;

import java.lang.reflect.Type;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.tool.execution.DefaultToolCallResultConverter;
import org.springframework.ai.tool.execution.ToolCallResultConverter;

/**
 * Lets Spring AI call a {@code @Tool} method that returns a {@code CompletableFuture} (or
 * any {@code CompletionStage}): Spring AI runs tools synchronously and would otherwise
 * hand the model the future object itself, so this converter waits for the result and
 * converts it as Spring AI's default converter does. Named in the method's annotation:
 * <pre class="code">
 * &#64;Tool(name = "search_knowledge_base", description = "...", resultConverter = CompletionStageResultConverter.class)
 * public CompletableFuture&lt;List&lt;Article&gt;&gt; searchKnowledgeBase(String query) { ... }
 * </pre> Spring AI creates it with its public no-argument constructor.
 */
public final class CompletionStageResultConverter implements ToolCallResultConverter {

	private static final long TIMEOUT_SECONDS = 10;

	private final ToolCallResultConverter json = new DefaultToolCallResultConverter();

	@Override
	public String convert(@Nullable Object result, @Nullable Type returnType) {
		if (result instanceof CompletionStage<?> stage) {
			Object value;
			try {
				value = stage.toCompletableFuture().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
			}
			catch (CompletionException ex) {
				// the search's own exception rather than the CompletionException around
				// it
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
			return this.json.convert(value, Object.class);
		}
		return this.json.convert(result, returnType);
	}

}
