package dev.agenttracing.sample.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.agenttracing.export.jsonl.MalformedTraceFileException;

/**
 * Answers every failed request with an RFC 9457 problem detail
 * ({@code application/problem+json}): Spring MVC's own exceptions (unreadable or missing
 * body, unsupported media type, unknown path, ...) through
 * {@link ResponseEntityExceptionHandler}, the API's checks through
 * {@code ResponseStatusException}, anything else as a 500 whose detail gives nothing
 * away. No stack trace ever leaves the application.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	@ExceptionHandler(MalformedTraceFileException.class)
	ResponseEntity<ProblemDetail> malformedTraceFile(MalformedTraceFileException ex) {
		log.warn("Cannot read a trace file: " + ex.getMessage());
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The session's trace file has a malformed line");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The request failed; the application log has the details");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
