package dev.agenttracing.autoconfigure.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.ToolCall;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.ToolInvocation;

/**
 * The keys of a {@code tools/call} request's {@code params._meta} that carry a trace, as
 * the OpenTelemetry conventions for the Model Context Protocol have them: the W3C
 * {@code traceparent} of the caller's tool span, and this project's ids of the caller's
 * run and tool call (so that a server writing only trace files links its run to the
 * caller). Reading them never fails: a value of the wrong type, length or form is left
 * out.
 */
final class McpMeta {

	static final String TRACEPARENT = "traceparent";

	static final String RUN_ID = "dev.agenttracing/run_id";

	static final String TRACE_ID = "dev.agenttracing/trace_id";

	static final String SPAN_ID = "dev.agenttracing/span_id";

	static final String TOOL_CALL_ID = "dev.agenttracing/tool_call_id";

	/** The longest {@code traceparent} read: a future version may append fields. */
	static final int MAX_TRACEPARENT_LENGTH = 256;

	private McpMeta() {
	}

	/**
	 * What the request of the given tool call sends.
	 * @param call the current tool call
	 * @param sampled whether its span is sampled, when known
	 * @return the keys and values, empty when the call is not recorded
	 */
	static Map<String, Object> outgoing(ToolCall call, @Nullable Boolean sampled) {
		ToolInvocation tool = call.toolInvocation();
		AgentRun run = call.run();
		if (tool == null || run == null) {
			return Map.of();
		}
		RunInfo info = run.info();
		Map<String, Object> meta = new LinkedHashMap<>();
		String traceparent = traceparent(info, tool, sampled);
		if (traceparent != null) {
			meta.put(TRACEPARENT, traceparent);
		}
		meta.put(RUN_ID, info.runId());
		meta.put(TRACE_ID, info.traceId());
		meta.put(SPAN_ID, tool.spanId());
		meta.put(TOOL_CALL_ID, tool.callId());
		return meta;
	}

	/**
	 * The W3C {@code traceparent} of the given tool call's span.
	 * @param call the current tool call
	 * @param sampled whether its span is sampled, when known
	 * @return the traceparent, or {@code null} when the call has no span in a distributed
	 * trace
	 */
	static @Nullable String traceparent(ToolCall call, @Nullable Boolean sampled) {
		ToolInvocation tool = call.toolInvocation();
		AgentRun run = call.run();
		return (tool != null && run != null) ? traceparent(run.info(), tool, sampled) : null;
	}

	private static @Nullable String traceparent(RunInfo info, ToolInvocation tool, @Nullable Boolean sampled) {
		if (info.otelTraceId() == null || tool.otelSpanId() == null) {
			return null;
		}
		return "00-" + info.otelTraceId() + "-" + tool.otelSpanId() + "-"
				+ (Boolean.FALSE.equals(sampled) ? "00" : "01");
	}

	/**
	 * The caller a request's {@code _meta} names.
	 * @param meta the request's {@code _meta}, as parsed from JSON
	 * @return the caller, or {@code null} when no part of it is valid
	 */
	static @Nullable Caller incoming(@Nullable Map<String, Object> meta) {
		if (meta == null || meta.isEmpty()) {
			return null;
		}
		Traceparent traceparent = Traceparent.parse(meta.get(TRACEPARENT));
		RunParent parent = RunParent.of((traceparent != null) ? traceparent.traceId() : null,
				(traceparent != null) ? traceparent.spanId() : null, text(meta.get(RUN_ID)), text(meta.get(TRACE_ID)),
				text(meta.get(SPAN_ID)), text(meta.get(TOOL_CALL_ID)));
		if (parent == null) {
			return null;
		}
		return new Caller(parent, traceparent == null || traceparent.sampled());
	}

	/** A string, only when short enough to be an id: a longer one is left unread. */
	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text && text.length() <= RunParent.MAX_ID_LENGTH) ? text : null;
	}

	/**
	 * The caller of an MCP request.
	 *
	 * @param parent its span and ids; the W3C ids are both there or both absent
	 * @param sampled whether its span is sampled
	 */
	record Caller(RunParent parent, boolean sampled) {

	}

	/**
	 * A W3C {@code traceparent}: {@code version-traceid-parentid-flags}, lower-case hex;
	 * version {@code ff} and all-zero ids are invalid.
	 */
	record Traceparent(String traceId, String spanId, boolean sampled) {

		static @Nullable Traceparent parse(@Nullable Object value) {
			if (!(value instanceof String text) || text.length() < 55 || text.length() > MAX_TRACEPARENT_LENGTH) {
				return null;
			}
			if (text.charAt(2) != '-' || text.charAt(35) != '-' || text.charAt(52) != '-') {
				return null;
			}
			String version = text.substring(0, 2);
			if (!isHex(version) || version.equals("ff")) {
				return null;
			}
			// version 00 has exactly four fields; a later one may append more after a
			// dash
			if (version.equals("00") ? text.length() != 55 : (text.length() > 55 && text.charAt(55) != '-')) {
				return null;
			}
			String flags = text.substring(53, 55);
			if (!isHex(flags)) {
				return null;
			}
			RunParent ids = RunParent.of(text.substring(3, 35), text.substring(36, 52), null, null, null, null);
			if (ids == null || ids.otelTraceId() == null || ids.otelSpanId() == null) {
				return null;
			}
			return new Traceparent(ids.otelTraceId(), ids.otelSpanId(), (Integer.parseInt(flags, 16) & 1) == 1);
		}

		private static boolean isHex(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
					return false;
				}
			}
			return true;
		}

	}

}
