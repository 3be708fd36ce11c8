package dev.agenttracing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Session, group id and metadata for the runs started inside a scope: the Java form of
 * Celesto's {@code get_run_config(group_id=..., metadata=...)}. Scopes nest: an inner
 * scope's values win, and metadata maps are merged.
 *
 * <pre>{@code
 * try (Scope scope = RunConfig.of("ticket-queue-jan-13", Map.of("team", "support", "priority", "p1")).open()) {
 *     supportAgent.run("Summarize today's urgent tickets.");   // its run carries the group id and metadata
 * }
 * try (Scope scope = RunConfig.session("user-42").open()) {
 *     supportAgent.run("Where is my order?");                // written to user-42.jsonl
 * }
 * }</pre>
 *
 * @param sessionId the session for the runs, or {@code null} to keep the outer one
 * @param groupId the group id for the runs, or {@code null} to keep the outer one
 * @param metadata metadata for the runs, merged over the outer scope's
 */
public record RunConfig(@Nullable String sessionId, @Nullable String groupId, @Nullable Map<String, ?> metadata) {

	static final RunConfig EMPTY = new RunConfig(null, null, null);

	/**
	 * A config with a group id and metadata, as the Celesto seed's
	 * {@code get_run_config}.
	 */
	public static RunConfig of(@Nullable String groupId, @Nullable Map<String, ?> metadata) {
		return new RunConfig(null, groupId, metadata);
	}

	/** A config that sets only the session. */
	public static RunConfig session(String sessionId) {
		return new RunConfig(sessionId, null, null);
	}

	/** This config with a session id. */
	public RunConfig withSessionId(@Nullable String sessionId) {
		return new RunConfig(sessionId, this.groupId, this.metadata);
	}

	/** This config with a group id. */
	public RunConfig withGroupId(@Nullable String groupId) {
		return new RunConfig(this.sessionId, groupId, this.metadata);
	}

	/** This config with metadata. */
	public RunConfig withMetadata(@Nullable Map<String, ?> metadata) {
		return new RunConfig(this.sessionId, this.groupId, metadata);
	}

	/**
	 * Makes this config current on this thread, merged over the current one, until the
	 * scope closes.
	 * @return the scope to close
	 */
	public Scope open() {
		return TracingContext.openConfig(this);
	}

	/**
	 * The config in force on this thread (never {@code null}; fields are null where
	 * nothing was set).
	 */
	public static RunConfig current() {
		return TracingContext.currentConfig();
	}

	/** This config with the values of {@code inner} laid over it. */
	RunConfig merge(RunConfig inner) {
		Map<String, ?> merged = this.metadata;
		if (inner.metadata != null && !inner.metadata.isEmpty()) {
			if (merged == null || merged.isEmpty()) {
				merged = inner.metadata;
			}
			else {
				Map<String, Object> both = new LinkedHashMap<>(merged);
				both.putAll(inner.metadata);
				merged = both;
			}
		}
		return new RunConfig((inner.sessionId != null) ? inner.sessionId : this.sessionId,
				(inner.groupId != null) ? inner.groupId : this.groupId, merged);
	}

}
