package dev.agenttracing.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.NoOpExporter;
import dev.agenttracing.sample.agent.SupportAgent;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "NoOpExporter in tests": tracing on, nothing written anywhere. */
@SpringBootTest(properties = { "tracing.jsonl.enabled=false", "celesto.disable-auto-tracing=true" })
class NoOpExporterTests {

	@TestConfiguration
	static class Tracing {

		@Bean
		NoOpExporter noOpExporter() {
			return new NoOpExporter();
		}

	}

	@Autowired
	SupportAgent agent;

	@Autowired
	AgentTracer tracer;

	@Test
	void theAgentAnswersWithTracingOnAndNothingWritten() {
		assertThat(this.agent.answer("test", "Ticket #1042: wrong amount").answer()).contains("priority p2");

		assertThat(this.tracer.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(this.tracer.stats()).containsOnlyKeys("NoOpExporter");
		assertThat(this.tracer.stats().get("NoOpExporter").exported()).isGreaterThanOrEqualTo(10);
	}

}
