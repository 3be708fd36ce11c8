/**
 * Records Spring AI's model and tool calls inside traced runs, through Spring AI's own
 * extension points: {@code ChatClient} advisors and a decorated
 * {@code ToolCallingManager}.
 */
@NullMarked
package dev.agenttracing.autoconfigure.springai;

import org.jspecify.annotations.NullMarked;
