package dev.agenttracing.export.celesto;

import java.io.IOException;

/**
 * Celesto did not take a request: it refused it (a 4xx other than 408 and 429, not
 * retried), or it stayed unavailable (5xx, 408, 429, no connection or no answer) through
 * every attempt. The message never holds the API token.
 *
 * <pre>{@code
 * try {
 *     exporter.export(events);
 * }
 * catch (CelestoExportException ex) {
 *     if (!ex.isRetryable()) {
 *         // the ingest refused these events: sending them again fails again
 *     }
 * }
 * }</pre>
 */
public final class CelestoExportException extends IOException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final boolean retryable;

	CelestoExportException(String message, int status, boolean retryable) {
		super(message);
		this.status = status;
		this.retryable = retryable;
	}

	/**
	 * The HTTP status of the last answer, or {@code -1} when there was none (no
	 * connection, no answer in time).
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Whether the failure was temporary (the ingest unavailable), as opposed to a refusal
	 * of the content.
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

}
