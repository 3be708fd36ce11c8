package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces each call of the method as a model call of the current run:
 * {@code ModelCallStarted} with the arguments as input (the one argument, or a parameter
 * name &rarr; value map of several), then {@code ModelCallCompleted} with the return
 * value as output, or {@code ModelCallError} with the exception, which is rethrown
 * unchanged. While the method runs, {@code AgentTracer.currentModelCall()} is its call,
 * through which it reports the tokens used; their sum becomes the run's usage when the
 * run reports none.
 *
 * <p>
 * A call made outside any run is not recorded. A method returning a
 * {@code CompletionStage} finishes its model call when the stage completes; one returning
 * a Reactor {@code Mono} or {@code Flux} starts it when subscribed and finishes it when
 * it completes, fails or is cancelled.
 *
 * <pre class="code">
 * &#64;Component
 * class Llm {
 *
 *     &#64;TracedModelCall(model = "gpt-5-mini", provider = "openai")
 *     String complete(List&lt;Message&gt; messages) {
 *         Completion completion = client.complete(messages);
 *         AgentTracer.currentModelCall()
 *             .usage(TokenUsage.of(completion.inputTokens(), completion.outputTokens()))
 *             .finishReason(completion.finishReason());
 *         return completion.text();
 *     }
 *
 * }
 * </pre>
 *
 * With Spring AOP the method must be called through the bean's proxy: a call from another
 * method of the same object is not traced. Spring AI's {@code ChatModel} calls need no
 * annotation: the Spring Boot starter records them.
 *
 * @see TracedRun
 * @see TracedTool
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TracedModelCall {

	/**
	 * The model asked, written as {@code model_call.model}; empty (the default) writes
	 * none.
	 * @return the model's name
	 */
	String model() default "";

	/**
	 * Who serves the model, written as {@code model_call.provider}; empty (the default)
	 * writes none.
	 * @return the provider's name, such as {@code openai}
	 */
	String provider() default "";

}
