package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link TracedRun} method that holds the session id: the run is
 * written to that session (one JSONL file per session). The value's {@code toString()} is
 * used; a {@code null} value falls back to the current {@code RunConfig} scope's session,
 * then to {@code default}. The parameter is not part of the run's input.
 *
 * <pre class="code">
 * &#64;TracedRun("Support Agent")
 * String answer(&#64;SessionId String userId, String question) {
 *     ...
 * }
 * </pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SessionId {

}
