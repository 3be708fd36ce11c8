package dev.agenttracing.sample.agent;

/** Thrown by the {@code lookup_ticket} tool for a ticket id that does not exist. */
public class TicketNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String message;

	/**
	 * Creates the exception.
	 * @param ticketId the id that was looked up
	 */
	public TicketNotFoundException(String ticketId) {
		super(message(ticketId));
		this.message = message(ticketId);
	}

	private static String message(String ticketId) {
		return "No ticket " + ticketId;
	}

	// never null, unlike Throwable's
	@Override
	public String getMessage() {
		return this.message;
	}

}
