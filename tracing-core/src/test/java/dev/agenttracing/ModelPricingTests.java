package dev.agenttracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Usage becomes cost where a model has a price, in the model call's usage and the run's
 * metrics, and nowhere else.
 */
class ModelPricingTests {

	private static final ModelPricing PRICING = ModelPricing.perMillionTokens(
			Map.of("gpt-4o-mini", new ModelPricing.Price(0.15, 0.60), "gpt-4o", new ModelPricing.Price(2.50, 10.00)));

	@TempDir
	Path dir;

	@Test
	void pricesAMillionTokensAtTheTablesPriceAndAnyOtherNumberInProportion() {
		assertThat(PRICING.cost("gpt-4o-mini", TokenUsage.of(1_000_000, 1_000_000))).isCloseTo(0.75, within(1e-12));
		assertThat(PRICING.cost("gpt-4o", TokenUsage.of(1_200, 300))).isCloseTo(0.006, within(1e-12));
		assertThat(PRICING.cost("gpt-4o", TokenUsage.of(0, 0))).isZero();
	}

	@Test
	void aVersionedModelNameIsPricedByTheLongestTableNameItStartsWith() {
		assertThat(PRICING.cost("gpt-4o-mini-2024-07-18", TokenUsage.of(1_000_000, 0))).isEqualTo(0.15);
		assertThat(PRICING.cost("gpt-4o-2024-08-06", TokenUsage.of(1_000_000, 0))).isEqualTo(2.50);
		assertThat(PRICING.cost("gpt-4o:latest", TokenUsage.of(1_000_000, 0))).isEqualTo(2.50);
		// a different model that shares a prefix has no price
		assertThat(PRICING.cost("gpt-4omega", TokenUsage.of(1_000_000, 0))).isNull();
		assertThat(PRICING.cost("claude-sonnet-4", TokenUsage.of(1_000_000, 0))).isNull();
	}

	@Test
	void pricesAreRangeChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelPricing.Price(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelPricing.Price(0, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelPricing.Price(Double.POSITIVE_INFINITY, 0));
	}

	@Test
	void modelCallsAndTheirRunCarryTheCostInTheFile() throws Exception {
		AgentTracer tracer = AgentTracer.builder()
			.pricing(PRICING)
			.exporter(new JsonlExporter(this.dir, true, false))
			.build();
		tracer.newRun("agent").sessionId("priced").call(() -> {
			tracer.startModelCall("gpt-4o-mini", "openai", "q").complete("a", TokenUsage.of(1_000, 500), "stop");
			return tracer.callModel("gpt-4o", "q2", () -> {
				AgentTracer.currentModelCall().usage(TokenUsage.of(2_000, 100));
				return "done";
			});
		});
		tracer.shutdown(Duration.ofSeconds(5));
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.dir.resolve("priced.jsonl"));
		List<Double> costs = events.stream()
			.filter(ModelCallCompleted.class::isInstance)
			.map((event) -> ((ModelCallCompleted) event).usage().cost())
			.toList();
		assertThat(costs.get(0)).isCloseTo(0.00045, within(1e-12));
		assertThat(costs.get(1)).isCloseTo(0.006, within(1e-12));
		RunCompleted run = (RunCompleted) events.get(events.size() - 1);
		assertThat(run.metrics().usage().cost()).isCloseTo(0.00645, within(1e-12));
		assertThat(run.metrics().usage().totalTokens()).isEqualTo(3_600);
		String file = Files.readString(this.dir.resolve("priced.jsonl"));
		assertThat(file).contains(
				"\"metrics\":{\"input_tokens\":3000,\"output_tokens\":600,\"total_tokens\":3600," + "\"cost\":0.00645");
	}

	@Test
	void aRunWithAnUnpricedModelCallHasNoCostAndWithoutPricingNothingHasOne() throws Exception {
		AgentTracer tracer = AgentTracer.builder()
			.pricing(PRICING)
			.exporter(new JsonlExporter(this.dir, true, false))
			.build();
		tracer.newRun("agent").sessionId("mixed").call(() -> {
			tracer.startModelCall("gpt-4o-mini", "openai", "q").complete("a", TokenUsage.of(1_000, 500), "stop");
			tracer.startModelCall("local-llama", "ollama", "q").complete("a", TokenUsage.of(1_000, 500), "stop");
			return "done";
		});
		tracer.shutdown(Duration.ofSeconds(5));
		List<TraceEvent> events = TraceFiles.readTraceEvents(this.dir.resolve("mixed.jsonl"));
		assertThat(((ModelCallCompleted) events.get(2)).usage().cost()).isNotNull();
		assertThat(((ModelCallCompleted) events.get(4)).usage().cost()).isNull();
		assertThat(((RunCompleted) events.get(5)).metrics().usage().cost()).isNull();

		AgentTracer unpriced = AgentTracer.builder().exporter(new JsonlExporter(this.dir, true, false)).build();
		unpriced.newRun("agent").sessionId("unpriced").call(() -> {
			unpriced.startModelCall("gpt-4o-mini", "openai", "q").complete("a", TokenUsage.of(1_000, 500), "stop");
			return "done";
		});
		unpriced.shutdown(Duration.ofSeconds(5));
		assertThat(Files.readString(this.dir.resolve("unpriced.jsonl"))).doesNotContain("cost");
	}

	@Test
	void aPricingThatFailsLeavesTheUsageWithoutCost() throws Exception {
		AgentTracer tracer = AgentTracer.builder().pricing((model, usage) -> {
			throw new IllegalStateException("price list unavailable");
		}).exporter(new JsonlExporter(this.dir, true, false)).build();
		String answer = tracer.newRun("agent").sessionId("failing").call(() -> {
			tracer.startModelCall("gpt-4o", "openai", "q").complete("a", TokenUsage.of(10, 5), "stop");
			return "still answered";
		});
		tracer.shutdown(Duration.ofSeconds(5));
		assertThat(answer).isEqualTo("still answered");
		assertThat(Files.readString(this.dir.resolve("failing.jsonl"))).doesNotContain("cost")
			.contains("\"total_tokens\":15");
	}

}
