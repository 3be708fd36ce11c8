package dev.agenttracing.test;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelPricing;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A run's cost, where its tracer has prices, is asserted as its tokens are. */
class CostAssertionsTests {

	@RegisterExtension
	static AgentTracingExtension tracing = AgentTracingExtension.withTracer((builder) -> builder
		.pricing(ModelPricing.perMillionTokens(Map.of("gpt-test", new ModelPricing.Price(1.0, 2.0)))));

	@Test
	void aPricedRunCostsWhatItsModelCallsCost(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", true);
		// 150 input tokens at 1 and 30 output tokens at 2 per million
		assertThat(traces.run()).costAtMost(0.00021).usedAtMostTokens(180);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(traces.run()).costAtMost(0.0002))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to cost at most 2.0E-4 but "
					+ "it cost 2.1E-4")
			.withMessageContaining("tokens: 180 (input 150, output 30, cost 2.1E-4)");
	}

}
