package dev.agenttracing.event;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * Tokens a run or a model call used.
 *
 * <pre>{@code
 * run.complete(answer, TokenUsage.of(120, 20));
 * }</pre>
 *
 * @param inputTokens tokens sent to the model
 * @param outputTokens tokens the model produced
 * @param totalTokens all tokens, usually the sum of the two others
 * @param cost what the tokens cost, when the model has a price (see
 * {@code ModelPricing}), else {@code null}
 */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens, @Nullable Double cost) {

	/**
	 * Usage without a cost.
	 * @param inputTokens tokens sent to the model
	 * @param outputTokens tokens the model produced
	 * @param totalTokens all tokens
	 */
	public TokenUsage(long inputTokens, long outputTokens, long totalTokens) {
		this(inputTokens, outputTokens, totalTokens, null);
	}

	/** Usage whose total is the sum of input and output tokens. */
	public static TokenUsage of(long inputTokens, long outputTokens) {
		return new TokenUsage(inputTokens, outputTokens, inputTokens + outputTokens);
	}

	/**
	 * The sum of this usage and another one; it has a cost when both have one.
	 * @param other the other usage
	 * @return the sum
	 */
	public TokenUsage plus(TokenUsage other) {
		// rounded to 12 decimals, so that sums of prices do not show binary fractions
		Double cost = (this.cost != null && other.cost != null) ? BigDecimal.valueOf(this.cost)
			.add(BigDecimal.valueOf(other.cost))
			.setScale(12, RoundingMode.HALF_EVEN)
			.doubleValue() : null;
		return new TokenUsage(this.inputTokens + other.inputTokens, this.outputTokens + other.outputTokens,
				this.totalTokens + other.totalTokens, cost);
	}

	/**
	 * This usage with a cost.
	 * @param cost what the tokens cost, or {@code null}
	 * @return the usage
	 */
	public TokenUsage withCost(@Nullable Double cost) {
		return new TokenUsage(this.inputTokens, this.outputTokens, this.totalTokens, cost);
	}

}
