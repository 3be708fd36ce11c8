package dev.agenttracing.event;

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
 */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens) {

	/** Usage whose total is the sum of input and output tokens. */
	public static TokenUsage of(long inputTokens, long outputTokens) {
		return new TokenUsage(inputTokens, outputTokens, inputTokens + outputTokens);
	}

	/** The sum of this usage and another one. */
	public TokenUsage plus(TokenUsage other) {
		return new TokenUsage(this.inputTokens + other.inputTokens, this.outputTokens + other.outputTokens,
				this.totalTokens + other.totalTokens);
	}

}
