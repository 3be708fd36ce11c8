package dev.agenttracing.event;

import java.time.Instant;
import java.util.Map;

/**
 * The stream of {@link RunContent} chunks ended. Written with the common keys only.
 *
 * @param timestamp when the stream ended
 * @param run the run
 */
public record RunContentCompleted(Instant timestamp, RunInfo run) implements TraceEvent {

	@Override
	public String event() {
		return "RunContentCompleted";
	}

	@Override
	public Map<String, Object> toMap() {
		return EventCodec.toMap(this);
	}

}
