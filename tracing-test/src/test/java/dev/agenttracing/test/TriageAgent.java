package dev.agenttracing.test;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.TokenUsage;

/**
 * An agent traced through the manual API: a model call that picks the tools, a reasoning
 * step, {@code lookup_ticket}, {@code escalate} when asked (which fails), a model call
 * that answers, and the answer streamed in two chunks.
 */
final class TriageAgent {

	private final AgentTracer tracer;

	TriageAgent(AgentTracer tracer) {
		this.tracer = tracer;
	}

	String answer(String ticketId, boolean escalate) {
		return this.tracer.newRun("Triage Agent")
			.model("gpt-test")
			.input("Ticket " + ticketId + " is broken")
			.sessionId("s-" + ticketId)
			.call(() -> {
				AgentRun run = AgentTracer.currentRun();
				this.tracer.callModel("gpt-test", "Which tools?", () -> {
					AgentTracer.currentModelCall().usage(TokenUsage.of(100, 20)).finishReason("TOOL_CALLS");
					return "lookup_ticket";
				});
				run.reasoning("Look up " + ticketId, "the customer names a ticket");
				Map<String, Object> ticket = this.tracer.callTool("lookup_ticket", Map.of("ticketId", ticketId),
						() -> ticket(ticketId));
				if (escalate) {
					try {
						this.tracer.callTool("escalate", Map.of("ticketId", ticketId), () -> {
							throw new IllegalStateException("no on-call team");
						});
					}
					catch (IllegalStateException ex) {
						// the agent answers without escalating
					}
				}
				String answer = this.tracer.callModel("gpt-test", "Answer about " + ticket, () -> {
					AgentTracer.currentModelCall().usage(TokenUsage.of(50, 10)).finishReason("STOP");
					return "Ticket " + ticketId + " is open";
				});
				run.content("Ticket ");
				run.content(ticketId + " is open");
				run.contentCompleted();
				return answer;
			});
	}

	void fail(String ticketId) {
		this.tracer.newRun("Triage Agent").input("Ticket " + ticketId).sessionId("s-" + ticketId).call(() -> {
			throw new IllegalArgumentException("unknown ticket " + ticketId);
		});
	}

	static Map<String, Object> ticket(String ticketId) {
		Map<String, Object> ticket = new LinkedHashMap<>();
		ticket.put("id", ticketId);
		ticket.put("status", "open");
		return ticket;
	}

}
