package dev.agenttracing.autoconfigure.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.metadata.ToolMetadata;

import dev.agenttracing.AgentRun;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;

/**
 * A tool callback that records its calls as tool calls of a run, made current while the
 * tool runs so that a {@code @TracedTool} method behind it is not recorded a second time.
 * A call of a tool of an MCP server carries the MCP attributes ({@link McpToolCallbacks})
 * and always hands the callback a tool context, so that the request's {@code _meta}
 * carries the trace (see {@code dev.agenttracing.autoconfigure.mcp}).
 */
final class TracingToolCallback implements ToolCallback {

	private final ToolCallback delegate;

	private final AgentRun run;

	private final Requested requested;

	private final boolean mcp;

	TracingToolCallback(ToolCallback delegate, AgentRun run, Requested requested, boolean mcp) {
		this.delegate = delegate;
		this.run = run;
		this.requested = requested;
		this.mcp = mcp && McpToolCallbacks.isMcp(delegate);
	}

	@Override
	public ToolDefinition getToolDefinition() {
		return this.delegate.getToolDefinition();
	}

	@Override
	public ToolMetadata getToolMetadata() {
		return this.delegate.getToolMetadata();
	}

	@Override
	public String call(String toolInput) {
		return call(toolInput, null);
	}

	@Override
	public String call(String toolInput, @Nullable ToolContext toolContext) {
		ToolCall call = start(toolInput);
		String result;
		try (Scope scope = call.makeCurrent()) {
			// an MCP callback asks its converter for the request's _meta only when given
			// a
			// context: with none, an empty one, so that the trace goes along
			ToolContext context = (toolContext == null && this.mcp) ? new ToolContext(Map.of()) : toolContext;
			result = (context != null) ? this.delegate.call(toolInput, context) : this.delegate.call(toolInput);
		}
		catch (RuntimeException | Error ex) {
			// Spring AI wraps what a @Tool method throws; the cause is what the
			// application threw
			call.fail((ex instanceof ToolExecutionException && ex.getCause() != null) ? ex.getCause() : ex);
			throw ex;
		}
		call.complete(SpringAiContent.json(result));
		return result;
	}

	private ToolCall start(String toolInput) {
		String name = this.delegate.getToolDefinition().name();
		try {
			Map<String, String> attributes = this.mcp ? McpToolCallbacks.attributes(this.delegate) : null;
			return this.run.startTool(name, this.requested.claim(name), SpringAiContent.arguments(toolInput),
					attributes);
		}
		catch (RuntimeException | LinkageError ex) {
			return this.run.startTool(name, null, null);
		}
	}

	@Override
	public String toString() {
		return "TracingToolCallback[" + this.delegate + "]";
	}

	/**
	 * The tool calls one model answer asked for, handed out by name in the order the
	 * model gave them.
	 */
	static final class Requested {

		private final List<AssistantMessage.ToolCall> pending;

		Requested(List<AssistantMessage.ToolCall> calls) {
			this.pending = new ArrayList<>(calls);
		}

		/**
		 * The id of the next requested call of this tool, or {@code null} to generate
		 * one.
		 */
		synchronized @Nullable String claim(String name) {
			for (int i = 0; i < this.pending.size(); i++) {
				if (this.pending.get(i).name().equals(name)) {
					String id = this.pending.remove(i).id();
					return (id != null && !id.isEmpty()) ? id : null;
				}
			}
			return null;
		}

	}

}
