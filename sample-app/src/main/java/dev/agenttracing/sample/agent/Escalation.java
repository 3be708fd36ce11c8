package dev.agenttracing.sample.agent;

import org.jspecify.annotations.Nullable;

/**
 * A ticket handed over to a human team.
 *
 * @param id the escalation's id, such as {@code ESC-TCK-1044}
 * @param ticketId the escalated ticket, or {@code null} when the customer gave none that
 * exists
 * @param team the team that takes it over
 * @param reason why it was escalated
 */
public record Escalation(String id, @Nullable String ticketId, String team, String reason) {

}
