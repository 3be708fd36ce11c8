/**
 * Annotations that trace methods as agent runs
 * ({@link dev.agenttracing.annotation.TracedRun}), tool calls
 * ({@link dev.agenttracing.annotation.TracedTool}) and model calls
 * ({@link dev.agenttracing.annotation.TracedModelCall}); the aspect in
 * {@code dev.agenttracing.aop} applies them.
 */
@NullMarked
package dev.agenttracing.annotation;

import org.jspecify.annotations.NullMarked;
