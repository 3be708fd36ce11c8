package dev.agenttracing.sample.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.RunConfig;
import dev.agenttracing.Scope;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;
import dev.agenttracing.sample.agent.AgentAnswer;
import dev.agenttracing.sample.agent.SupportAgent;

/**
 * Runs the Support Agent and reads its traces back.
 * <ul>
 * <li>{@code POST /api/agent/runs} with {@code {"input": "...", "sessionId": "..."}} (and
 * optionally {@code "groupId"} and {@code "metadata"}, set for the run with a
 * {@link RunConfig} scope) answers with the agent's {@link AgentAnswer};</li>
 * <li>{@code GET /api/agent/sessions/{id}/events?offset=0&limit=1000} answers with a page
 * of the session's events, streamed from its JSONL file with {@link TraceFiles} one line
 * at a time (at most {@value RequestChecks#MAX_EVENTS_LIMIT} events a page; the answer's
 * {@code nextOffset} asks for the next).</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/api/agent", produces = MediaType.APPLICATION_JSON_VALUE)
class AgentController {

	// queued events are written before a session's file is read: read-your-writes for the
	// client
	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

	private final SupportAgent agent;

	private final ObjectProvider<AgentTracer> tracer;

	private final ObjectProvider<JsonlExporter> files;

	private final JsonMapper mapper;

	AgentController(SupportAgent agent, ObjectProvider<AgentTracer> tracer, ObjectProvider<JsonlExporter> files,
			JsonMapper mapper) {
		this.agent = agent;
		this.tracer = tracer;
		this.files = files;
		this.mapper = mapper;
	}

	@PostMapping(path = "/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
	@SuppressWarnings("try") // the scope is only opened and closed
	AgentAnswer run(@RequestBody RunRequest request) {
		String input = RequestChecks.input(request.input());
		String sessionId = (request.sessionId() != null) ? RequestChecks.sessionId(request.sessionId()) : null;
		RunConfig config = RunConfig.of(RequestChecks.groupId(request.groupId()),
				RequestChecks.metadata(request.metadata()));
		try (Scope scope = config.open()) {
			return this.agent.answer(sessionId, input);
		}
	}

	@GetMapping("/sessions/{sessionId}/events")
	ResponseEntity<StreamingResponseBody> events(@PathVariable String sessionId,
			@RequestParam(required = false) @Nullable String offset,
			@RequestParam(required = false) @Nullable String limit) throws IOException {
		RequestChecks.sessionId(sessionId);
		long from = RequestChecks.offset(offset);
		int most = RequestChecks.limit(limit);
		JsonlExporter jsonl = this.files.getIfAvailable();
		if (jsonl == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"JSONL trace files are switched off (tracing.jsonl.enabled=false)");
		}
		AgentTracer tracer = this.tracer.getIfAvailable();
		if (tracer != null) {
			tracer.flush(FLUSH_TIMEOUT);
		}
		String fileName = JsonlExporter.fileName(sessionId);
		Path file = jsonl.traceDir().resolve(fileName);
		if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No trace file for this session");
		}
		// opened (and the events before the page passed over) before the answer starts: a
		// file that cannot be read is still an error status
		Stream<TraceEvent> events = TraceFiles.streamTraceEvents(file, from);
		StreamingResponseBody body = (out) -> {
			try (events) {
				SessionEvents.write(out, this.mapper, sessionId, fileName, from, most, events.iterator());
			}
		};
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
