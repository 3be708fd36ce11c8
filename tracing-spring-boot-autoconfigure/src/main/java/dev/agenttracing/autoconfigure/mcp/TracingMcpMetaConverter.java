package dev.agenttracing.autoconfigure.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.mcp.ToolContextToMcpMetaConverter;

import dev.agenttracing.ToolCall;

/**
 * Adds the trace of the current tool call ({@link McpMeta}) to the {@code _meta} that
 * Spring AI's MCP tool callbacks send with each {@code tools/call} request, around the
 * application's converter (or Spring AI's default one). A key the application's converter
 * already set is left as it set it. Never fails the call: if the trace cannot be read,
 * the request goes without it.
 */
final class TracingMcpMetaConverter implements ToolContextToMcpMetaConverter {

	private final ToolContextToMcpMetaConverter delegate;

	private final Supplier<@Nullable Boolean> sampled;

	/**
	 * @param delegate the converter whose keys are sent too
	 * @param sampled whether the current span is sampled, when known
	 */
	TracingMcpMetaConverter(ToolContextToMcpMetaConverter delegate, Supplier<@Nullable Boolean> sampled) {
		this.delegate = delegate;
		this.sampled = sampled;
	}

	ToolContextToMcpMetaConverter delegate() {
		return this.delegate;
	}

	@Override
	public Map<String, Object> convert(ToolContext toolContext) {
		Map<String, Object> meta = this.delegate.convert(toolContext);
		Map<String, Object> trace;
		try {
			ToolCall call = ToolCall.current();
			trace = call.isRecorded() ? McpMeta.outgoing(call, this.sampled.get()) : Map.of();
		}
		catch (RuntimeException ex) {
			return meta;
		}
		if (trace.isEmpty()) {
			return meta;
		}
		Map<String, Object> merged = new LinkedHashMap<>((meta != null) ? meta : Map.of());
		trace.forEach(merged::putIfAbsent);
		return merged;
	}

	@Override
	public String toString() {
		return "TracingMcpMetaConverter[" + this.delegate + "]";
	}

}
