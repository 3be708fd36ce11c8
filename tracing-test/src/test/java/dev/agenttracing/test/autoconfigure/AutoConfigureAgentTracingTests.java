package dev.agenttracing.test.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.celesto.CelestoExporter;
import dev.agenttracing.export.jsonl.JsonlExporter;
import dev.agenttracing.test.CapturedTraces;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot test with {@code @AutoConfigureAgentTracing} reads the runs of annotated
 * code, of the manual API and of Spring AI; no files are written and nothing goes to
 * Celesto, though an API key is set.
 */
@SpringBootTest(classes = TestAgentApplication.class, properties = "celesto.api-key=test-key")
@AutoConfigureAgentTracing
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureAgentTracingTests {

	@Autowired
	CapturedTraces traces;

	@Autowired
	AgentTracer tracer;

	@Autowired
	TicketAgent ticketAgent;

	@Autowired
	WeatherAgent weatherAgent;

	@Test
	@Order(1)
	void anAnnotatedRunIsCaptured() {
		String answer = this.ticketAgent.answer("s-1", "T-1");

		assertThat(answer).isEqualTo("Ticket T-1 is open");
		assertThat(this.traces).runOf("Ticket Agent")
			.succeeded()
			.hasSessionId("s-1")
			.hasOutput("Ticket T-1 is open")
			.calledTools("lookup_ticket")
			.toolCall("lookup_ticket")
			.hasArgument("ticketId", "T-1")
			.hasResult(Map.of("id", "T-1", "status", "open"));
	}

	@Test
	@Order(2)
	void theNextTestStartsWithNothingCaptured() {
		assertThat(this.traces).hasNoRuns();
	}

	@Test
	@Order(3)
	void aSpringAiRunIsCaptured() {
		this.weatherAgent.answer("paris", "Weather in Paris?");

		assertThat(this.traces).runOf("Weather Agent")
			.hasNoFailures()
			.calledToolsInAnyOrder("forecast", "weather")
			.hasModelCalls(2)
			.usedOnlyModel("scripted-1")
			.usedAtMostTokens(172)
			.toolCall("forecast")
			.hasArguments(Map.of("city", "Paris", "days", 2));
	}

	@Test
	@Order(4)
	void theStreamedContentOfASpringAiRunIsCaptured() {
		String answer = this.weatherAgent.stream("paris", "Weather in Paris?")
			.collect(Collectors.joining())
			.block(Duration.ofSeconds(10));

		assertThat(this.traces).run().streamed(answer).streamedItsOutput().hasModelCalls(1);
	}

	@Test
	@Order(5)
	void aRunOfTheManualApiIsCaptured() {
		this.tracer.newRun("Manual Agent").sessionId("manual").call(() -> {
			return this.tracer.callTool("search", Map.of("query", "refund"), () -> "KB-1");
		});

		assertThat(this.traces).runInSession("manual").calledTools("search").toolCall("search").hasResult("KB-1");
	}

	@Test
	@Order(6)
	void aRunOnAThreadOfNoTestBelongsToTheTestsRunning() throws InterruptedException {
		Thread server = new Thread(() -> this.ticketAgent.answer("server", "T-2"));
		server.start();
		server.join();

		assertThat(this.traces).runInSession("server").calledTools("lookup_ticket");
	}

	@Test
	@Order(7)
	void filesAndCelestoAreOff(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(JsonlExporter.class)).isEmpty();
		assertThat(context.getBeanNamesForType(CelestoExporter.class)).isEmpty();
		assertThat(this.tracer.channels()).extracting(ExportChannel::name).containsExactly("CaptureExporter");
	}

}
