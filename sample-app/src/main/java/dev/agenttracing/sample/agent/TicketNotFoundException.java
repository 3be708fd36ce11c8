package dev.agenttracing.sample.agent;

/** Thrown by the {@code lookup_ticket} tool for a ticket id that does not exist. */
public class TicketNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param ticketId the id that was looked up
	 */
	public TicketNotFoundException(String ticketId) {
		super("No ticket " + ticketId);
	}

}
