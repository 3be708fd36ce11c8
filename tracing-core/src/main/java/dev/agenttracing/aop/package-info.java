/**
 * The AspectJ aspect that applies {@code @TracedRun} and {@code @TracedTool}:
 * {@link dev.agenttracing.aop.TracingAspect}. Needs {@code aspectjweaver} (or {@code aspectjrt}) on
 * the class path; Reactor is optional.
 */
@NullMarked
package dev.agenttracing.aop;

import org.jspecify.annotations.NullMarked;
