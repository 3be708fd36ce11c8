package dev.agenttracing.autoconfigure.springai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import dev.agenttracing.AgentRun;

/**
 * Records every tool Spring AI calls as a tool call of the current run, with the model's
 * call id. It decorates the application's {@link ToolCallingManager} (the one
 * {@code ChatClient}'s tool-calling advisor uses): for each batch of tool calls the model
 * asked for, it hands the manager the request's tool callbacks wrapped in
 * {@link TracingToolCallback}, then lets the manager do everything else as before
 * (argument defaults, limits, exception processing, return-direct). So every
 * {@code @Tool} method, function or MCP tool Spring AI runs is recorded without
 * {@code @TracedTool}, and a {@code @TracedTool} method that is the tool itself is
 * recorded once.
 *
 * <p>
 * A tool the manager finds only by name through its resolver
 * ({@code spring.ai.tools.resolution.fallback.enabled=true}), not among the request's
 * callbacks, runs as before but is not recorded.
 *
 * <p>
 * Why here rather than an observation handler on Spring AI's
 * {@code ToolCallingObservationContext}: that observation exists only when an
 * {@code ObservationRegistry} bean exists, and an observation handler cannot make the
 * tool call current on the thread where the tool runs.
 */
final class TracingToolCallingManager implements ToolCallingManager {

	private final ToolCallingManager delegate;

	private final boolean mcp;

	/**
	 * @param delegate the application's manager
	 * @param mcp whether calls of tools of MCP servers carry their MCP attributes
	 * ({@code tracing.mcp.enabled})
	 */
	TracingToolCallingManager(ToolCallingManager delegate, boolean mcp) {
		this.delegate = delegate;
		this.mcp = mcp;
	}

	ToolCallingManager delegate() {
		return this.delegate;
	}

	@Override
	public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
		return this.delegate.resolveToolDefinitions(chatOptions);
	}

	@Override
	public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
		Prompt traced = traced(prompt, chatResponse);
		return this.delegate.executeToolCalls((traced != null) ? traced : prompt, chatResponse);
	}

	/**
	 * The prompt with its tool callbacks wrapped, or {@code null} when nothing is to be
	 * recorded.
	 */
	private @Nullable Prompt traced(Prompt prompt, ChatResponse chatResponse) {
		try {
			AgentRun run = currentRun();
			if (run == null || !(prompt.getOptions() instanceof ToolCallingChatOptions options)) {
				return null;
			}
			List<ToolCallback> callbacks = options.getToolCallbacks();
			if (callbacks == null || callbacks.isEmpty()) {
				return null;
			}
			TracingToolCallback.Requested requested = new TracingToolCallback.Requested(requestedCalls(chatResponse));
			List<ToolCallback> wrapped = new ArrayList<>(callbacks.size());
			for (ToolCallback callback : callbacks) {
				wrapped.add((callback instanceof TracingToolCallback) ? callback
						: new TracingToolCallback(callback, run, requested, this.mcp));
			}
			ToolCallingChatOptions tracedOptions = options.mutate().toolCallbacks(wrapped).build();
			return prompt.mutate().chatOptions(tracedOptions).build();
		}
		catch (RuntimeException ex) {
			return null; // tracing never stops the tools from running
		}
	}

	/**
	 * The run of the thread that runs the tools; in a streamed response, the tool-calling
	 * advisor runs them on a Reactor thread and hands over the subscriber's context
	 * through Spring AI's {@code ToolCallReactiveContextHolder}, where the run travels
	 * under {@link dev.agenttracing.TracingContext#CONTEXT_KEY}.
	 */
	private static @Nullable AgentRun currentRun() {
		return SpringAiContent.run(ToolCallReactiveContextHolder.getContext());
	}

	private static List<AssistantMessage.ToolCall> requestedCalls(ChatResponse chatResponse) {
		for (Generation generation : chatResponse.getResults()) {
			if (!generation.getOutput().getToolCalls().isEmpty()) {
				// the generation the manager runs
				return generation.getOutput().getToolCalls();
			}
		}
		return List.of();
	}

	@Override
	public String toString() {
		return "TracingToolCallingManager[" + this.delegate + "]";
	}

}
