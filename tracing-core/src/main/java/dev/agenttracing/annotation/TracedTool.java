package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces each call of the method as a tool call of the current run:
 * {@code ToolCallStarted} with the arguments by parameter name (compile with
 * {@code -parameters} to get the real names), then {@code ToolCallCompleted} with the
 * return value as result, or {@code ToolCallError} with the exception, which is rethrown
 * unchanged.
 *
 * <p>
 * A call made outside any run is not recorded: the method runs as if it were not
 * annotated, as with {@code AgentTracer.startTool} outside a run.
 *
 * <p>
 * A method returning a {@code CompletionStage} (such as {@code CompletableFuture})
 * finishes its tool call when the stage completes; one returning a Reactor {@code Mono}
 * or {@code Flux} starts its tool call when it is subscribed and finishes it when it
 * completes, fails or is cancelled.
 *
 * <pre class="code">
 * &#64;Component
 * class TicketTools {
 *
 *     &#64;TracedTool("lookup_ticket")
 *     Ticket lookupTicket(int id) {
 *         return repository.find(id);
 *     }
 *
 *     &#64;TracedTool
 *     CompletableFuture&lt;List&lt;Article&gt;&gt; searchKb(String query) {
 *         return kb.searchAsync(query);
 *     }
 *
 * }
 * </pre>
 *
 * With Spring AOP the method must be called through the bean's proxy: a call from another
 * method of the same object is not traced.
 *
 * @see TracedRun
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TracedTool {

	/**
	 * The tool's name, written as {@code tool_name}; empty (the default) means the
	 * method's name.
	 * @return the tool's name
	 */
	String value() default "";

}
