package dev.agenttracing.viewer;

import org.springframework.http.HttpStatus;

/** A request the viewer answers with an error status and a JSON message. */
final class ViewerException extends RuntimeException {

	private final HttpStatus status;

	private final String message;

	ViewerException(HttpStatus status, String message) {
		super(message, null, false, false);
		this.status = status;
		this.message = message;
	}

	// never null, unlike Throwable's
	@Override
	public String getMessage() {
		return this.message;
	}

	HttpStatus status() {
		return this.status;
	}

	static ViewerException badRequest(String message) {
		return new ViewerException(HttpStatus.BAD_REQUEST, message);
	}

	static ViewerException notFound(String message) {
		return new ViewerException(HttpStatus.NOT_FOUND, message);
	}

}
