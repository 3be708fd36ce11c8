package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A chunk of streamed model output. Written with {@code content} and
 * {@code content_type}.
 *
 * @param timestamp when the chunk arrived
 * @param run the run
 * @param content the chunk, or {@code null} when content capture is off
 * @param contentType the chunk's type, {@code "str"} for text
 */
public record RunContent(Instant timestamp, RunInfo run, @Nullable String content,
		String contentType) implements TraceEvent {

	@Override
	public String event() {
		return "RunContent";
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
