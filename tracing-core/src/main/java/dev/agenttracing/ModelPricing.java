package dev.agenttracing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TokenUsage;

/**
 * What a model call's tokens cost, so that usage becomes a {@code cost} in the model
 * call's usage, in {@code RunCompleted.metrics.cost} and as {@code gen_ai.usage.cost} on
 * spans. A model without a price has no cost: never a made-up number. A run's cost is the
 * sum of its model calls' costs, and has none as soon as one of its calls with usage has
 * none.
 *
 * <pre>{@code
 * ModelPricing pricing = ModelPricing.perMillionTokens(Map.of(
 *     "gpt-4o-mini", new ModelPricing.Price(0.15, 0.60),
 *     "claude-sonnet-4", new ModelPricing.Price(3.00, 15.00)));
 * AgentTracer tracer = AgentTracer.builder().pricing(pricing).exporter(exporter).build();
 * }</pre>
 */
@FunctionalInterface
public interface ModelPricing {

	/**
	 * The cost of a model call's tokens.
	 * @param model the model the call named
	 * @param usage the tokens it used
	 * @return the cost, in the currency of the prices, or {@code null} when the model has
	 * no price
	 */
	@Nullable Double cost(String model, TokenUsage usage);

	/**
	 * A price table in a currency per million tokens. A model is priced by its name, or
	 * else by the longest name in the table that it starts with followed by {@code -},
	 * {@code :}, {@code @} or {@code /} ({@code gpt-4o-mini-2024-07-18} by
	 * {@code gpt-4o-mini}).
	 * @param prices the price of each model name
	 * @return the pricing
	 */
	static ModelPricing perMillionTokens(Map<String, Price> prices) {
		Map<String, Price> table = new LinkedHashMap<>(prices);
		table.forEach((model, price) -> Objects.requireNonNull(price, "price of " + model));
		return (model, usage) -> {
			Price price = table.get(model);
			if (price == null) {
				int longest = 0;
				for (Map.Entry<String, Price> entry : table.entrySet()) {
					String name = entry.getKey();
					if (name.length() > longest && model.length() > name.length() && model.startsWith(name)
							&& "-:@/".indexOf(model.charAt(name.length())) >= 0) {
						price = entry.getValue();
						longest = name.length();
					}
				}
			}
			return (price != null) ? price.cost(usage) : null;
		};
	}

	/**
	 * The price of a model's tokens per million.
	 *
	 * @param input the price of a million input tokens, 0 or more
	 * @param output the price of a million output tokens, 0 or more
	 */
	record Price(double input, double output) {

		public Price {
			if (!(input >= 0 && output >= 0 && input < 1e9 && output < 1e9)) {
				throw new IllegalArgumentException(
						"prices must be 0 or more (and below a billion) per million tokens but were " + input + " and "
								+ output);
			}
		}

		/**
		 * What the usage costs at this price.
		 * @param usage the tokens used
		 * @return the cost
		 */
		public double cost(TokenUsage usage) {
			// rounded to 12 decimals, so that costs do not show binary fractions
			return BigDecimal.valueOf(usage.inputTokens())
				.multiply(BigDecimal.valueOf(this.input))
				.add(BigDecimal.valueOf(usage.outputTokens()).multiply(BigDecimal.valueOf(this.output)))
				.movePointLeft(6)
				.setScale(12, RoundingMode.HALF_EVEN)
				.doubleValue();
		}

	}

}
