package dev.agenttracing.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.TokenUsage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tracing.pricing.*} turns usage into cost; a {@link ModelPricing} bean replaces
 * the table; a bad price fails start-up naming its property.
 */
class TracingPricingTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.enabled=false")
			.withBean("recorder", RecordingExporter.class, RecordingExporter::new);
	}

	private static double costOfOneCall(AgentTracer tracer, RecordingExporter recorder, String model) throws Exception {
		tracer.newRun("agent").call(() -> {
			tracer.startModelCall(model, "openai", "q").complete("a", TokenUsage.of(2_000_000, 1_000_000), "stop");
			return "done";
		});
		tracer.flush(Duration.ofSeconds(5));
		RunCompleted run = (RunCompleted) recorder.events().get(recorder.events().size() - 1);
		ModelCallCompleted call = (ModelCallCompleted) recorder.events().get(2);
		assertThat(run.metrics().usage().cost()).isEqualTo(call.usage().cost());
		Double cost = call.usage().cost();
		return (cost != null) ? cost : -1;
	}

	@Test
	void pricesPerMillionTokensGiveModelCallsAndRunsACost() {
		runner()
			.withPropertyValues("tracing.pricing.currency=EUR", "tracing.pricing.models.gpt-4o-mini.input=0.15",
					"tracing.pricing.models.gpt-4o-mini.output=0.60")
			.run((context) -> {
				assertThat(context.getBean(TracingProperties.class).getPricing().getCurrency()).isEqualTo("EUR");
				assertThat(costOfOneCall(context.getBean(AgentTracer.class), context.getBean(RecordingExporter.class),
						"gpt-4o-mini-2024-07-18"))
					.isEqualTo(0.9);
			});
	}

	@Test
	void withoutPricesNothingHasACost() {
		runner().run((context) -> assertThat(costOfOneCall(context.getBean(AgentTracer.class),
				context.getBean(RecordingExporter.class), "gpt-4o-mini"))
			.isEqualTo(-1));
	}

	@Test
	void aModelPricingBeanReplacesThePriceTable() {
		runner().withPropertyValues("tracing.pricing.models.gpt-4o-mini.input=0.15")
			.withBean(ModelPricing.class, () -> (model, usage) -> 42.0)
			.run((context) -> assertThat(costOfOneCall(context.getBean(AgentTracer.class),
					context.getBean(RecordingExporter.class), "anything"))
				.isEqualTo(42.0));
	}

	@Test
	void aNegativePriceOrABadCurrencyFailsStartUpNamingTheProperty() {
		runner().withPropertyValues("tracing.pricing.models.gpt-4o.output=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageStartingWith(
						"Property tracing.pricing.models.gpt-4o.output with value '-1' is invalid: must "
								+ "be a price per million tokens of 0 or more");
		});
		runner().withPropertyValues("tracing.pricing.currency=dollars").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageStartingWith("Property tracing.pricing.currency with value 'dollars' is invalid");
		});
	}

}
