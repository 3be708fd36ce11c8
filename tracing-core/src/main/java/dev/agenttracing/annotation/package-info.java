/**
 * Annotations that trace methods as agent runs ({@link dev.agenttracing.annotation.TracedRun}) and
 * tool calls ({@link dev.agenttracing.annotation.TracedTool}); the aspect in
 * {@code dev.agenttracing.aop} applies them.
 */
@NullMarked
package dev.agenttracing.annotation;

import org.jspecify.annotations.NullMarked;
