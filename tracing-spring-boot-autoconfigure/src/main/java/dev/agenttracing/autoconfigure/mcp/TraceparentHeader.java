package dev.agenttracing.autoconfigure.mcp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.customizer.McpClientCustomizer;

import dev.agenttracing.ToolCall;

/**
 * The W3C {@code traceparent} of the current tool call as an HTTP header of the MCP
 * client's requests, so that the MCP server's own HTTP server span joins the caller's
 * trace too (as a child of the caller's tool span). The MCP Java SDK's sync client asks
 * its transport-context provider on the calling thread, where the tool call is current,
 * and hands the context to the HTTP transport's request customizers: the provider puts
 * the traceparent in, the customizer puts it on the request.
 */
final class TraceparentHeader implements McpClientCustomizer<McpClient.SyncSpec>, McpSyncHttpClientRequestCustomizer {

	/** Where the traceparent travels in the transport context. */
	static final String CONTEXT_KEY = "dev.agenttracing/traceparent";

	private final Supplier<@Nullable Boolean> sampled;

	TraceparentHeader(Supplier<@Nullable Boolean> sampled) {
		this.sampled = sampled;
	}

	/** Makes every sync client carry the current tool call's traceparent. */
	@Override
	public void customize(String name, McpClient.SyncSpec spec) {
		spec.transportContextProvider(this::context);
	}

	/** The transport context of a request sent on this thread now. */
	McpTransportContext context() {
		try {
			ToolCall call = ToolCall.current();
			String traceparent = call.isRecorded() ? McpMeta.traceparent(call, this.sampled.get()) : null;
			if (traceparent != null) {
				return McpTransportContext.create(Map.of(CONTEXT_KEY, traceparent));
			}
		}
		catch (RuntimeException ex) {
			// the request goes without it
		}
		return McpTransportContext.EMPTY;
	}

	@Override
	public void customize(HttpRequest.Builder builder, String method, URI endpoint, @Nullable String body,
			McpTransportContext context) {
		if (context.get(CONTEXT_KEY) instanceof String traceparent) {
			builder.setHeader(McpMeta.TRACEPARENT, traceparent);
		}
	}

}
