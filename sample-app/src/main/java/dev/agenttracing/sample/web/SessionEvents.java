package dev.agenttracing.sample.web;

import java.io.OutputStream;
import java.util.Iterator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.MalformedTraceFileException;

/**
 * The answer of {@code GET /api/agent/sessions/{id}/events}, written as the events are
 * read, one at a time: {@code {"sessionId": ..., "file": ..., "offset": 0, "limit": 1000,
 * "events": [...], "nextOffset": 1000}}, each event as its JSONL line; {@code nextOffset}
 * is {@code null} after the last page. A malformed line met after the answer has started
 * ends the page with an {@code error} naming the line, so the answer stays valid JSON.
 */
final class SessionEvents {

	private static final Log log = LogFactory.getLog(SessionEvents.class);

	private SessionEvents() {
	}

	static void write(OutputStream out, JsonMapper mapper, String sessionId, String file, long offset, int limit,
			Iterator<TraceEvent> events) {
		try (JsonGenerator json = mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("sessionId", sessionId);
			json.writeStringProperty("file", file);
			json.writeNumberProperty("offset", offset);
			json.writeNumberProperty("limit", limit);
			json.writeName("events");
			json.writeStartArray();
			int written = 0;
			String error = null;
			boolean more = false;
			try {
				while (events.hasNext()) {
					if (written == limit) {
						more = true;
						break;
					}
					json.writePOJO(events.next().toMap());
					written++;
					if (written % 64 == 0) {
						json.flush();
					}
				}
			}
			catch (MalformedTraceFileException ex) {
				log.warn("Cannot read a trace file: " + ex.getMessage());
				error = "The session's trace file has a malformed line " + ex.lineNumber();
			}
			json.writeEndArray();
			if (more) {
				json.writeNumberProperty("nextOffset", offset + written);
			}
			else {
				json.writeNullProperty("nextOffset");
			}
			if (error != null) {
				json.writeStringProperty("error", error);
			}
			json.writeEndObject();
		}
	}

}
