package dev.agenttracing.sample.web;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/agent/sessions/{id}/events}.
 *
 * @param sessionId the session
 * @param file the name of its file in the trace directory
 * @param events its events in file order, each as its JSONL line
 */
record SessionEvents(String sessionId, String file, List<Map<String, Object>> events) {

}
