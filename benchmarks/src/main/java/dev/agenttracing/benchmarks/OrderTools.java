package dev.agenttracing.benchmarks;

import io.micrometer.observation.annotation.Observed;

import dev.agenttracing.annotation.TracedTool;

/**
 * The tool every calling-thread benchmark calls: one small method, annotated for both
 * aspects, so that the unproxied call, the {@code @TracedTool} proxy and the
 * {@code @Observed} proxy run the same code. Not final and without interface, so Spring
 * AOP proxies it with CGLIB, as Spring Boot does.
 */
public class OrderTools {

	/** The tool's name, as the aspect records it. */
	public static final String TOOL_NAME = "lookup_order";

	/**
	 * Looks an order up.
	 * @param orderId the order's id
	 * @param quantity how many items
	 * @return the order's status
	 */
	@TracedTool(TOOL_NAME)
	@Observed(name = "agent.tool", contextualName = TOOL_NAME)
	public String lookupOrder(String orderId, int quantity) {
		return "order " + orderId + ": " + quantity + " items shipped";
	}

}
