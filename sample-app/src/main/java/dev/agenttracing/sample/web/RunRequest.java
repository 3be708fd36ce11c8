package dev.agenttracing.sample.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/agent/runs}.
 *
 * @param input the customer's message, required
 * @param sessionId the session to trace the run in ({@code default} when absent)
 * @param groupId a group id for the run, such as {@code ticket-queue-jan-13}
 * @param metadata metadata for the run, such as {@code {"team": "support", "priority":
 * "p1"}}
 */
record RunRequest(@Nullable String input, @Nullable String sessionId, @Nullable String groupId,
		@Nullable Map<String, String> metadata) {

}
