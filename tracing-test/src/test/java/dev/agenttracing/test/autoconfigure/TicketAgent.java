package dev.agenttracing.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

/**
 * An agent traced by annotations: a {@code @TracedRun} that calls a {@code @TracedTool}.
 */
public class TicketAgent {

	private final Tools tools;

	public TicketAgent(Tools tools) {
		this.tools = tools;
	}

	@TracedRun(value = "Ticket Agent", model = "rules-1")
	public String answer(@SessionId String sessionId, String ticketId) {
		Map<String, Object> ticket = this.tools.lookupTicket(ticketId);
		return "Ticket " + ticketId + " is " + ticket.get("status");
	}

	/** The agent's tools, a bean of their own so that the aspect applies. */
	public static class Tools {

		@TracedTool("lookup_ticket")
		public Map<String, Object> lookupTicket(String ticketId) {
			Map<String, Object> ticket = new LinkedHashMap<>();
			ticket.put("id", ticketId);
			ticket.put("status", "open");
			return ticket;
		}

	}

}
