package dev.agenttracing.sample.agent;

/**
 * A knowledge base article.
 *
 * @param id the article's id, such as {@code KB-7}
 * @param title the article's title
 * @param advice what the article tells the customer to do
 */
public record Article(String id, String title, String advice) {

}
