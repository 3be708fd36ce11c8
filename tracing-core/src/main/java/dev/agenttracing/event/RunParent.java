package dev.agenttracing.event;

import org.jspecify.annotations.Nullable;

/**
 * The caller a run continues: the span, run and tool call of another process (an agent
 * calling this one's tool over the Model Context Protocol, say) that asked for the work
 * the run does. Written to the run's {@code RunStarted} event as its {@code parent}
 * object, so that a trace file alone links the run to its caller.
 *
 * <p>
 * Every part is optional and checked: a part that is not of its form is left out
 * ({@link #of} never fails), so a value read from a request cannot put anything but ids
 * into a trace file.
 *
 * <pre>{@code
 * RunParent parent = RunParent.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
 *         callerRunId, callerTraceId, callerSpanId, callerToolCallId);
 * AgentRun run = tracer.newRun("weather-server").parent(parent).start();
 * }</pre>
 *
 * @param otelTraceId the W3C trace id of the caller's distributed trace (32 lower-case
 * hex digits, not all zero)
 * @param otelSpanId the W3C span id of the caller's span (16 lower-case hex digits, not
 * all zero)
 * @param runId the caller's run id
 * @param traceId the caller's run's trace id ({@code trace_...})
 * @param spanId the caller's span id ({@code span_...}), the tool call's when a tool call
 * asked
 * @param toolCallId the caller's tool call id
 */
public record RunParent(@Nullable String otelTraceId, @Nullable String otelSpanId, @Nullable String runId,
		@Nullable String traceId, @Nullable String spanId, @Nullable String toolCallId) {

	/** The longest id kept, in characters. */
	public static final int MAX_ID_LENGTH = 128;

	public RunParent {
		otelTraceId = hex(otelTraceId, 32);
		otelSpanId = hex(otelSpanId, 16);
		runId = id(runId);
		traceId = id(traceId);
		spanId = id(spanId);
		toolCallId = id(toolCallId);
	}

	/**
	 * A parent from values that may be malformed: each part that is not of its form is
	 * left out.
	 * @return the parent, or {@code null} when no part of it is valid
	 */
	public static @Nullable RunParent of(@Nullable String otelTraceId, @Nullable String otelSpanId,
			@Nullable String runId, @Nullable String traceId, @Nullable String spanId, @Nullable String toolCallId) {
		RunParent parent = new RunParent(otelTraceId, otelSpanId, runId, traceId, spanId, toolCallId);
		return parent.isEmpty() ? null : parent;
	}

	/** Whether no part of it is known. */
	public boolean isEmpty() {
		return this.otelTraceId == null && this.otelSpanId == null && this.runId == null && this.traceId == null
				&& this.spanId == null && this.toolCallId == null;
	}

	private static @Nullable String hex(@Nullable String value, int length) {
		if (value == null || value.length() != length) {
			return null;
		}
		boolean zero = true;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return null;
			}
			zero &= (c == '0');
		}
		return zero ? null : value;
	}

	/** Letters, digits and {@code _ - . :}, 1 to {@value #MAX_ID_LENGTH} of them. */
	private static @Nullable String id(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'
					|| c == '.' || c == ':')) {
				return null;
			}
		}
		return value;
	}

}
