package dev.agenttracing.sample.agent;

/**
 * A support ticket.
 *
 * @param id the ticket's id, such as {@code TCK-1042}
 * @param subject what the ticket is about
 * @param customer who filed it
 * @param priority {@code p1} (most urgent) to {@code p4}
 * @param status {@code open}, {@code waiting on customer} or {@code closed}
 */
public record Ticket(String id, String subject, String customer, String priority, String status) {

}
