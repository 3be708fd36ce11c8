/**
 * What applies {@code @TracedRun}, {@code @TracedTool} and {@code @TracedModelCall}, free
 * of Spring: {@link dev.agenttracing.aop.TracedMethodInvoker}, which any interception
 * mechanism calls (the Spring Boot starter's Spring AOP advisor does), and the AspectJ
 * aspect {@link dev.agenttracing.aop.TracingAspect} (needs {@code aspectjweaver} or
 * {@code aspectjrt}, for AspectJ weaving or Spring's AspectJ support). Reactor is
 * optional.
 */
@NullMarked
package dev.agenttracing.aop;

import org.jspecify.annotations.NullMarked;
