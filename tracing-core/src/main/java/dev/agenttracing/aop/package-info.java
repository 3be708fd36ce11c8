/**
 * What applies {@code @TracedRun}, {@code @TracedTool} and {@code @TracedModelCall}: the Spring AOP
 * advisor {@link dev.agenttracing.aop.TracingAdvisor} (needs {@code spring-aop}; what the starter
 * registers) or the AspectJ aspect {@link dev.agenttracing.aop.TracingAspect} (needs
 * {@code aspectjweaver} or {@code aspectjrt}, for AspectJ weaving or Spring's AspectJ support).
 * Reactor is optional.
 */
@NullMarked
package dev.agenttracing.aop;

import org.jspecify.annotations.NullMarked;
