package dev.agenttracing.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A plain JUnit test gets a tracer whose every event it reads at once. */
@ExtendWith(AgentTracingExtension.class)
class AgentTracingExtensionTests {

	private AgentTracer tracerOfBeforeEach;

	@BeforeEach
	void keepTracer(AgentTracer tracer) {
		this.tracerOfBeforeEach = tracer;
	}

	@Test
	void everyEventOfARunThatReturnedIsCaptured(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", true);

		assertThat(traces.events()).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted", "ReasoningStep", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallError", "ModelCallStarted", "ModelCallCompleted",
					"RunContent", "RunContent", "RunContentCompleted", "RunCompleted");
		assertThat(tracer).isSameAs(this.tracerOfBeforeEach);
	}

	@Test
	void aRunReadsAsItsTrajectory(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", true);

		CapturedRun run = traces.run();
		assertThat(run.agentName()).isEqualTo("Triage Agent");
		assertThat(run.sessionId()).isEqualTo("s-T-1");
		assertThat(run.input()).isEqualTo("Ticket T-1 is broken");
		assertThat(run.output()).isEqualTo("Ticket T-1 is open");
		assertThat(run.completed()).isTrue();
		assertThat(run.toolNames()).containsExactly("lookup_ticket", "escalate");
		assertThat(run.toolCalls().get(0).result()).isEqualTo(Map.of("id", "T-1", "status", "open"));
		assertThat(run.toolCalls().get(1).errorType()).isEqualTo("IllegalStateException");
		assertThat(run.modelCalls()).extracting(CapturedModelCall::finishReason).containsExactly("TOOL_CALLS", "STOP");
		assertThat(run.usage()).isEqualTo(TokenUsage.of(150, 30));
		assertThat(run.streamedContent()).isEqualTo("Ticket T-1 is open");
		assertThat(run).hasToString("""
				run of "Triage Agent" in session "s-T-1": completed
				  input: "Ticket T-1 is broken"
				  1. model gpt-test -> "lookup_ticket" (TOOL_CALLS, 120 tokens)
				  2. reasoning "Look up T-1"
				  3. tool lookup_ticket {ticketId=T-1} -> {id=T-1, status=open}
				  4. tool escalate {ticketId=T-1} !! IllegalStateException: no on-call team
				  5. model gpt-test -> "Ticket T-1 is open" (STOP, 60 tokens)
				  streamed: 2 chunks
				  output: "Ticket T-1 is open"
				  tokens: 180 (input 150, output 30)""");
	}

	@Test
	void aTestStartsWithNothingCaptured(CapturedTraces traces) {
		assertThat(traces.runs()).isEmpty();
		assertThat(traces).hasToString("(no runs captured)");
	}

	@Test
	void runsAreFoundByAgentSessionAndInput(AgentTracer tracer, CapturedTraces traces) {
		TriageAgent agent = new TriageAgent(tracer);
		agent.answer("T-1", false);
		agent.answer("T-2", false);
		tracer.newRun("Other Agent").sessionId("other").call(() -> "done");

		assertThat(traces.runs()).hasSize(3);
		assertThat(traces.runsOf("Triage Agent")).extracting(CapturedRun::sessionId).containsExactly("s-T-1", "s-T-2");
		assertThat(traces.runInSession("s-T-2").input()).isEqualTo("Ticket T-2 is broken");
		assertThat(traces.runWithInput("T-2").sessionId()).isEqualTo("s-T-2");
		assertThat(traces.runOf("Other Agent").output()).isEqualTo("done");
		assertThat(traces.lastRun().agentName()).isEqualTo("Other Agent");
		assertThat(traces.runs((run) -> run.toolNames().isEmpty())).hasSize(1);
	}

	@Test
	void askingForTheOneRunFailsListingTheRunsWhenThereAreSeveral(AgentTracer tracer, CapturedTraces traces) {
		TriageAgent agent = new TriageAgent(tracer);
		agent.answer("T-1", false);
		agent.answer("T-2", false);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(traces::run)
			.withMessageStartingWith(String.format("Expected one run but found 2 among the runs captured:%n"
					+ "  run of \"Triage Agent\" in session \"s-T-1\": completed%n"))
			.withMessageContaining("run of \"Triage Agent\" in session \"s-T-2\": completed");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> traces.runOf("Billing Agent"))
			.withMessageStartingWith("Expected one run of \"Billing Agent\" but found none among the runs captured:");
	}

	@Test
	void clearForgetsWhatTheTestCapturedSoFar(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", false);
		traces.clear();
		new TriageAgent(tracer).answer("T-2", false);

		assertThat(traces.runs()).extracting(CapturedRun::sessionId).containsExactly("s-T-2");
	}

	@Test
	void aRunOnAnotherThreadIsCapturedOnceItEnded(AgentTracer tracer, CapturedTraces traces) throws Exception {
		Thread thread = new Thread(() -> new TriageAgent(tracer).answer("T-3", false));
		thread.start();
		thread.join();

		assertThat(traces.runs()).extracting(CapturedRun::sessionId).containsExactly("s-T-3");
	}

	@Test
	void aFailedRunIsCapturedWithItsError(AgentTracer tracer, CapturedTraces traces) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new TriageAgent(tracer).fail("T-9"));

		CapturedRun run = traces.run();
		assertThat(run.failed()).isTrue();
		assertThat(run.error()).isEqualTo("unknown ticket T-9");
		assertThat(run.errorType()).isEqualTo("IllegalArgumentException");
		assertThat(run.toString()).startsWith(
				"run of \"Triage Agent\" in session \"s-T-9\": failed with IllegalArgumentException: unknown ticket T-9");
		assertThat(List.of(run.steps())).isNotNull();
	}

	@Test
	void aRunWhoseCompletionIsFilteredOutIsReadWithoutWaiting() {
		TraceCapture capture = new TraceCapture();
		try (AgentTracer tracer = capture.install(AgentTracer.builder())
			.filter((event) -> !event.event().equals("RunCompleted"))
			.build()) {
			CapturedTraces traces = capture.traces(() -> List.of(tracer));
			new TriageAgent(tracer).answer("T-1", false);

			long start = System.nanoTime();
			assertThat(traces.run().running()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
	}

}
