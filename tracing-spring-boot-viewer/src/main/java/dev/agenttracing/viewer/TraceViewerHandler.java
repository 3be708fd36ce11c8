package dev.agenttracing.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.json.JsonMapper;

/**
 * The viewer's routes, all read-only: the page and its two static files, and the JSON API
 * under {@code {path}/api}:
 * <ul>
 * <li>{@code GET api/sessions?q=&offset=&limit=}: sessions, most recently written first;
 * <li>{@code GET api/sessions/{session}/runs?offset=&limit=}: a session's runs, newest
 * first, and the lines of its file that are not trace events;
 * <li>{@code GET api/sessions/{session}/runs/{run}?offset=&limit=}: one run, its timeline
 * and a page of its events;
 * <li>{@code GET api/sessions/{session}/runs/{run}/spans/{span}}: the lines of one span,
 * in full.
 * </ul>
 * Ids that could name anything outside the trace directory get 400, unknown ones 404, and
 * any other method than GET and HEAD 405.
 */
final class TraceViewerHandler {

	static final int DEFAULT_SESSIONS = 50;

	static final int DEFAULT_RUNS = 50;

	static final int DEFAULT_EVENTS = 100;

	static final int MAX_PAGE = 500;

	static final int MAX_EVENTS = 1000;

	static final int TIMELINE_LIMIT = 1000;

	/** The largest offset or limit a request may give. */
	static final int MAX_NUMBER = 1_000_000_000;

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	private static final ViewerLog log = new ViewerLog(LoggerFactory.getLogger(TraceViewerHandler.class),
			Duration.ofMinutes(1));

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_:@+=-][A-Za-z0-9._:@+=-]{0,199}");

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final TraceDirectory traces;

	private final String path;

	private final ViewerAccess access;

	private final String html;

	private final byte[] script;

	private final byte[] styles;

	TraceViewerHandler(TraceDirectory traces, String path, long refreshMillis, ViewerAccess access) {
		this(traces, path, refreshMillis, access, "USD");
	}

	/**
	 * A handler whose page shows costs in this currency (three letters, checked by
	 * {@code tracing.pricing.currency}).
	 */
	TraceViewerHandler(TraceDirectory traces, String path, long refreshMillis, ViewerAccess access, String currency) {
		this.traces = traces;
		this.path = path;
		this.access = access;
		String code = currency.matches("[A-Za-z]{3}") ? currency.toUpperCase(java.util.Locale.ROOT) : "";
		this.html = new String(resource("index.html"), StandardCharsets.UTF_8)
			.replace("{{refresh-ms}}", Long.toString(refreshMillis))
			.replace("{{currency}}", code);
		this.script = resource("viewer.js");
		this.styles = resource("viewer.css");
	}

	private static byte[] resource(String name) {
		ClassPathResource resource = new ClassPathResource("static/" + name, TraceViewerHandler.class);
		try (InputStream in = resource.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the trace viewer's " + name, ex);
		}
	}

	RouterFunction<ServerResponse> routes() {
		String api = this.path + "/api/sessions";
		return RouterFunctions.route()
			.route(read(this.path), this::page)
			.route(read(this.path + "/"), this::page)
			.route(read(this.path + "/viewer.js"), (request) -> asset(this.script, JAVASCRIPT))
			.route(read(this.path + "/viewer.css"), (request) -> asset(this.styles, CSS))
			.route(read(api), this::sessions)
			.route(read(api + "/{session}/runs"), this::runs)
			.route(read(api + "/{session}/runs/{run}"), this::run)
			.route(read(api + "/{session}/runs/{run}/spans/{span}"), this::span)
			.route(RequestPredicates.path(this.path + "/**"), this::other)
			.filter((request, next) -> {
				try {
					this.access.check(request.servletRequest());
				}
				catch (ViewerException ex) {
					return error(ex.status(), ex.getMessage(), request);
				}
				catch (ResponseStatusException ex) {
					HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
					String reason = ex.getReason();
					return error((status != null) ? status : HttpStatus.FORBIDDEN,
							(reason != null) ? reason : "the trace viewer refused the request", request);
				}
				return next.handle(request);
			})
			.onError(ViewerException.class, (ex, request) -> {
				ViewerException viewerException = (ViewerException) ex;
				return error(viewerException.status(), viewerException.getMessage(), request);
			})
			.onError(IOException.class, (ex, request) -> {
				log.warn(() -> "Trace viewer could not read the trace directory " + this.traces.dir() + ": " + ex, ex);
				return error(HttpStatus.INTERNAL_SERVER_ERROR, "could not read the trace files", request);
			})
			.build();
	}

	private static RequestPredicate read(String pattern) {
		return RequestPredicates.path(pattern).and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
	}

	private ServerResponse page(ServerRequest request) {
		String requested = request.requestPath().pathWithinApplication().value();
		String base = requested.endsWith("/") ? "./" : this.path.substring(this.path.lastIndexOf('/') + 1) + "/";
		byte[] body = this.html.replace("{{base}}", base).getBytes(StandardCharsets.UTF_8);
		return headers(ServerResponse.ok()).contentType(HTML)
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.body(body);
	}

	private static ServerResponse asset(byte[] body, MediaType type) {
		return headers(ServerResponse.ok()).contentType(type).body(body);
	}

	private ServerResponse sessions(ServerRequest request) throws IOException {
		String query = request.param("q").orElse("");
		if (query.length() > 200) {
			throw ViewerException.badRequest("q must be at most 200 characters");
		}
		int offset = number(request, "offset", 0, MAX_NUMBER);
		int max = Math.min(MAX_PAGE, this.traces.maxSessionsPage());
		int limit = number(request, "limit", Math.min(DEFAULT_SESSIONS, max), max);
		return json(this.traces.sessions(query.strip(), offset, limit));
	}

	private ServerResponse runs(ServerRequest request) throws IOException {
		SessionIndex session = session(request);
		int offset = number(request, "offset", 0, MAX_NUMBER);
		int max = Math.min(MAX_PAGE, this.traces.maxRunsPage());
		int limit = number(request, "limit", Math.min(DEFAULT_RUNS, max), max);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("session", session.details());
		body.put("runs", session.runs(offset, limit));
		body.put("total", session.runCount());
		body.put("offset", offset);
		body.put("limit", limit);
		return json(body);
	}

	private ServerResponse run(ServerRequest request) throws IOException {
		SessionIndex session = session(request);
		String runId = id(request, "run");
		int offset = number(request, "offset", 0, MAX_NUMBER);
		int limit = number(request, "limit", DEFAULT_EVENTS, MAX_EVENTS);
		Map<String, Object> run = session.run(runId, offset, limit, TIMELINE_LIMIT);
		if (run == null) {
			throw ViewerException.notFound("no such run in this session");
		}
		run.put("now_ms", System.currentTimeMillis());
		return json(run);
	}

	private ServerResponse span(ServerRequest request) throws IOException {
		SessionIndex session = session(request);
		Map<String, Object> span = session.span(id(request, "run"), id(request, "span"));
		if (span == null) {
			throw ViewerException.notFound("no such span in this run");
		}
		return json(span);
	}

	private ServerResponse other(ServerRequest request) {
		HttpMethod method = request.method();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return error(HttpStatus.NOT_FOUND, "no such page", request);
		}
		return headers(ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)).header("Allow", "GET, HEAD")
			.contentType(PROBLEM)
			.body(body(HttpStatus.METHOD_NOT_ALLOWED, "the trace viewer is read-only", request));
	}

	private SessionIndex session(ServerRequest request) throws IOException {
		String key = request.pathVariable("session");
		if (!TraceDirectory.isSessionKey(key)) {
			throw ViewerException.badRequest(
					"not a session id: a session is named as its file in the trace " + "directory, without .jsonl");
		}
		try {
			return this.traces.session(key);
		}
		catch (NoSuchFileException ex) {
			throw ViewerException.notFound("no such session");
		}
	}

	private static String id(ServerRequest request, String name) {
		String id = request.pathVariable(name);
		if (!ID.matcher(id).matches() || id.contains("..")) {
			throw ViewerException.badRequest("not a " + name + " id");
		}
		return id;
	}

	/**
	 * A number parameter from 0 to {@value #MAX_NUMBER}, made no larger than {@code max}.
	 */
	private static int number(ServerRequest request, String name, int fallback, int max) {
		Optional<String> value = request.param(name);
		if (value.isEmpty() || value.get().isEmpty()) {
			return fallback;
		}
		String text = value.get();
		boolean digits = text.length() <= 10 && text.chars().allMatch((c) -> c >= '0' && c <= '9');
		long number = digits ? Long.parseLong(text) : -1;
		if (number < 0 || number > MAX_NUMBER) {
			throw ViewerException.badRequest(name + " must be a whole number from 0 to " + MAX_NUMBER);
		}
		return (int) Math.min(number, max);
	}

	private static ServerResponse json(Object body) {
		return headers(ServerResponse.ok()).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
	}

	private static ServerResponse error(HttpStatus status, String message, ServerRequest request) {
		return headers(ServerResponse.status(status)).contentType(PROBLEM).body(body(status, message, request));
	}

	/**
	 * A problem detail (RFC 9457), with {@code error} and {@code message} as the viewer
	 * has always answered them.
	 */
	private static byte[] body(HttpStatus status, String message, ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", message);
		body.put("instance", request.requestPath().pathWithinApplication().value());
		body.put("error", status.getReasonPhrase());
		body.put("message", message);
		return json.writeValueAsBytes(body);
	}

	private static ServerResponse.BodyBuilder headers(ServerResponse.BodyBuilder builder) {
		return builder.header("Cache-Control", "no-store")
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.header("X-Frame-Options", "DENY");
	}

}
