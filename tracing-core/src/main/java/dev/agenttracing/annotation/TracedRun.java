package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces each call of the method as one agent run: {@code RunStarted} when it is called,
 * then {@code RunCompleted} with the return value as output, or {@code RunError} with the
 * exception, which is rethrown unchanged. Tool calls made while the method runs
 * ({@link TracedTool} methods or the manual API) become the run's children.
 *
 * <p>
 * The run's input is the method's argument when it has one, a parameter name &rarr; value
 * map when it has several, and nothing when it has none; a {@link SessionId} parameter is
 * left out of the input. The session is the {@link SessionId} parameter's value, else
 * that of the current {@code RunConfig} scope, else {@code default}.
 *
 * <p>
 * A method returning a {@code CompletionStage} (such as {@code CompletableFuture})
 * finishes its run when the stage completes; one returning a Reactor {@code Mono} or
 * {@code Flux} starts its run when it is subscribed and finishes it when it completes,
 * fails or is cancelled.
 *
 * <pre class="code">
 * &#64;Service
 * class SupportAgent {
 *
 *     &#64;TracedRun(value = "Support Agent", model = "gpt-5-mini")
 *     String answer(&#64;SessionId String userId, String question) {
 *         Ticket ticket = tickets.lookupTicket(7);   // a &#64;TracedTool method of another bean
 *         return model.complete(question, ticket);
 *     }
 *
 * }
 * </pre>
 *
 * With Spring AOP the method must be called through the bean's proxy: a call from another
 * method of the same object is not traced.
 *
 * @see TracedTool
 * @see SessionId
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TracedRun {

	/**
	 * The agent's name, written as {@code agent_name}; empty (the default) means the
	 * simple name of the class the method belongs to.
	 * @return the agent's name
	 */
	String value() default "";

	/**
	 * The model the agent uses, written as {@code model}; empty (the default) writes
	 * none.
	 * @return the model's name
	 */
	String model() default "";

}
