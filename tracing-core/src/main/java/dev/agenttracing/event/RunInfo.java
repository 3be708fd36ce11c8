package dev.agenttracing.event;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What every event of one run shares: its ids, its agent and its grouping.
 *
 * @param runId the run's id
 * @param sessionId the session the run belongs to ({@code default} when none was given)
 * @param traceId the run's trace id, {@code trace_} and 32 hex digits
 * @param spanId the run's own span id, {@code span_} and 24 hex digits
 * @param agentName the agent's name
 * @param groupId the group id set for the run, if any
 * @param metadata the metadata set for the run, if any (never empty)
 * @param otelTraceId the W3C trace id of the distributed trace the run is part of, when a
 * tracing bridge (Micrometer) is active
 * @param otelSpanId the W3C span id of the run's span in that trace
 * @param parent the caller in another process that the run continues, if any
 */
public record RunInfo(String runId, String sessionId, String traceId, String spanId, @Nullable String agentName,
		@Nullable String groupId, @Nullable Map<String, @Nullable Object> metadata, @Nullable String otelTraceId,
		@Nullable String otelSpanId, @Nullable RunParent parent) {

	public RunInfo {
		if (metadata != null && metadata.isEmpty()) {
			metadata = null;
		}
	}

	/** A run that continues no caller. */
	public RunInfo(String runId, String sessionId, String traceId, String spanId, @Nullable String agentName,
			@Nullable String groupId, @Nullable Map<String, @Nullable Object> metadata, @Nullable String otelTraceId,
			@Nullable String otelSpanId) {
		this(runId, sessionId, traceId, spanId, agentName, groupId, metadata, otelTraceId, otelSpanId, null);
	}

	/** A run outside any distributed trace. */
	public RunInfo(String runId, String sessionId, String traceId, String spanId, @Nullable String agentName,
			@Nullable String groupId, @Nullable Map<String, @Nullable Object> metadata) {
		this(runId, sessionId, traceId, spanId, agentName, groupId, metadata, null, null, null);
	}

	/** This run placed in a distributed trace. */
	public RunInfo withOtel(@Nullable String otelTraceId, @Nullable String otelSpanId) {
		return new RunInfo(this.runId, this.sessionId, this.traceId, this.spanId, this.agentName, this.groupId,
				this.metadata, otelTraceId, otelSpanId, this.parent);
	}

	/** This run continuing a caller. */
	public RunInfo withParent(@Nullable RunParent parent) {
		return new RunInfo(this.runId, this.sessionId, this.traceId, this.spanId, this.agentName, this.groupId,
				this.metadata, this.otelTraceId, this.otelSpanId, parent);
	}

}
