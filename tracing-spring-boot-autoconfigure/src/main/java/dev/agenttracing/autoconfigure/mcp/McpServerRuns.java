package dev.agenttracing.autoconfigure.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.micrometer.GenAiKeys;

/**
 * Makes each tool call an MCP server handles a run of its own: agent name the server's
 * name, session the MCP session, one tool call named for the tool with its MCP
 * attributes. When the request's {@code _meta} names the caller ({@link McpMeta}), the
 * run records it as its parent and, with a tracing library, its span continues the
 * caller's trace as a child of the caller's tool span. Tracing never changes what the
 * tool answers or throws: if recording fails, the tool runs unrecorded.
 */
final class McpServerRuns {

	private static final Log logger = LogFactory.getLog(McpServerRuns.class);

	private final AgentTracer tracer;

	private final String serverName;

	private final boolean propagation;

	private final TraceBridge bridge;

	McpServerRuns(AgentTracer tracer, String serverName, boolean propagation, TraceBridge bridge) {
		this.tracer = tracer;
		this.serverName = serverName;
		this.propagation = propagation;
		this.bridge = bridge;
	}

	/**
	 * The tool of a stateful server (streamable HTTP, SSE or stdio), its calls recorded.
	 */
	static McpServerFeatures.SyncToolSpecification traced(McpServerFeatures.SyncToolSpecification specification,
			Supplier<@Nullable McpServerRuns> runs) {
		return new McpServerFeatures.SyncToolSpecification(specification.tool(), (exchange, request) -> {
			McpServerRuns current = runs.get();
			return (current != null)
					? current.call(sessionId(exchange), request,
							() -> specification.callHandler().apply(exchange, request))
					: specification.callHandler().apply(exchange, request);
		});
	}

	/** The tool of a stateless server, its calls recorded. */
	static McpStatelessServerFeatures.SyncToolSpecification traced(
			McpStatelessServerFeatures.SyncToolSpecification specification, Supplier<@Nullable McpServerRuns> runs) {
		return new McpStatelessServerFeatures.SyncToolSpecification(specification.tool(), (context, request) -> {
			McpServerRuns current = runs.get();
			return (current != null)
					? current.call(null, request, () -> specification.callHandler().apply(context, request))
					: specification.callHandler().apply(context, request);
		});
	}

	private static @Nullable String sessionId(@Nullable McpSyncServerExchange exchange) {
		try {
			return (exchange != null) ? exchange.sessionId() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Handles one request as a run.
	 * @param sessionId the MCP session, if any
	 * @param request the request
	 * @param handler the tool's own handler
	 * @return what the handler returned
	 */
	CallToolResult call(@Nullable String sessionId, CallToolRequest request, Supplier<CallToolResult> handler) {
		Recording recording = start(sessionId, request);
		if (recording == null) {
			return handler.get();
		}
		CallToolResult result;
		try {
			result = handler.get();
		}
		catch (RuntimeException | Error ex) {
			recording.end(null, ex);
			throw ex;
		}
		recording.end(result, null);
		return result;
	}

	private @Nullable Recording start(@Nullable String sessionId, CallToolRequest request) {
		TraceBridge.ParentScope parentScope = TraceBridge.ParentScope.NONE;
		try {
			McpMeta.Caller caller = this.propagation ? McpMeta.incoming(request.meta()) : null;
			String traceId = (caller != null) ? caller.parent().otelTraceId() : null;
			String spanId = (caller != null) ? caller.parent().otelSpanId() : null;
			if (caller != null && traceId != null && spanId != null) {
				parentScope = this.bridge.openParent(traceId, spanId, caller.sampled());
			}
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put(GenAiKeys.MCP_METHOD_NAME, "tools/call");
			if (sessionId != null) {
				attributes.put(GenAiKeys.MCP_SESSION_ID, sessionId);
			}
			attributes.put(GenAiKeys.MCP_SERVER_NAME, this.serverName);
			AgentRun run = this.tracer.newRun(this.serverName)
				.sessionId(sessionId)
				.input(request.arguments())
				.parent((caller != null) ? caller.parent() : null)
				.start();
			ToolCall call = run.startTool(request.name(), null, request.arguments(), attributes);
			return new Recording(run, call, call.makeCurrent(), parentScope);
		}
		catch (RuntimeException | LinkageError ex) {
			parentScope.close();
			logger.debug("An MCP tool call is not recorded", ex);
			return null;
		}
	}

	/** A request being recorded: its scopes are closed innermost first. */
	private static final class Recording {

		private final AgentRun run;

		private final ToolCall call;

		private final Scope callScope;

		private final TraceBridge.ParentScope parentScope;

		Recording(AgentRun run, ToolCall call, Scope callScope, TraceBridge.ParentScope parentScope) {
			this.run = run;
			this.call = call;
			this.callScope = callScope;
			this.parentScope = parentScope;
		}

		void end(@Nullable CallToolResult result, @Nullable Throwable error) {
			try {
				this.callScope.close();
				if (error != null) {
					this.call.fail(error);
					this.run.fail(error);
				}
				else if (result != null && Boolean.TRUE.equals(result.isError())) {
					McpToolError toolError = new McpToolError(text(result));
					this.call.fail(toolError);
					this.run.fail(toolError);
				}
				else {
					Object output = (result != null) ? output(result) : null;
					this.call.complete(output);
					this.run.complete(output);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("An MCP tool call's end is not recorded", ex);
			}
			finally {
				this.parentScope.close();
			}
		}

		/** What the tool answered: its structured content, else its text. */
		private static @Nullable Object output(CallToolResult result) {
			if (result.structuredContent() != null) {
				return result.structuredContent();
			}
			List<Content> content = result.content();
			if (content == null) {
				return null;
			}
			List<Object> parts = new ArrayList<>(content.size());
			for (Content part : content) {
				parts.add((part instanceof TextContent text) ? text.text() : part);
			}
			return (parts.size() == 1) ? parts.get(0) : parts;
		}

		private static String text(CallToolResult result) {
			Object output = output(result);
			return (output != null) ? String.valueOf(output) : "the tool reported an error";
		}

	}

	/** A tool's answer with {@code isError: true}, recorded as the call's error. */
	static final class McpToolError extends RuntimeException {

		McpToolError(String message) {
			super(message, null, false, false);
		}

	}

}
