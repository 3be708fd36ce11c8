package dev.agenttracing.test;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.agenttracing.AgentTracer;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each assertion passes on a run that matches and fails on one that does not, with a
 * message that shows the run's trajectory.
 */
@ExtendWith(AgentTracingExtension.class)
class AgentTraceAssertionsTests {

	private static final String TRAJECTORY = """
			Trajectory:
			  run of "Triage Agent" in session "s-T-1": completed
			    input: "Ticket T-1 is broken"
			    1. model gpt-test -> "lookup_ticket" (TOOL_CALLS, 120 tokens)
			    2. reasoning "Look up T-1"
			    3. tool lookup_ticket {ticketId=T-1} -> {id=T-1, status=open}
			    4. tool escalate {ticketId=T-1} !! IllegalStateException: no on-call team
			    5. model gpt-test -> "Ticket T-1 is open" (STOP, 60 tokens)
			    streamed: 2 chunks
			    output: "Ticket T-1 is open"
			    tokens: 180 (input 150, output 30)""";

	private CapturedTraces traces;

	private CapturedRun run;

	@BeforeEach
	void runTheAgent(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", true);
		this.traces = traces;
		this.run = traces.run();
	}

	@Test
	void calledToolsInOrder() {
		assertThat(this.run).calledTools("lookup_ticket", "escalate");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).calledTools("escalate", "lookup_ticket"))
			.withMessage(String.format("""
					Expected run of "Triage Agent" in session "s-T-1" to call the tools
					  [escalate, lookup_ticket]
					in this order but it called
					  [lookup_ticket, escalate]
					%s""", TRAJECTORY).replace("\n", System.lineSeparator()));
	}

	@Test
	void calledToolsInAnyOrder() {
		assertThat(this.run).calledToolsInAnyOrder("escalate", "lookup_ticket");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).calledToolsInAnyOrder("lookup_ticket", "search"))
			.withMessageStartingWith(String.format("""
					Expected run of "Triage Agent" in session "s-T-1" to call the tools
					  [lookup_ticket, search]
					in any order but it called
					  [lookup_ticket, escalate]
					missing: [search], unexpected: [escalate]
					Trajectory:"""));
	}

	@Test
	void calledToolAndNeverCalledTool() {
		assertThat(this.run).calledTool("escalate").neverCalledTool("refund");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).calledTool("refund"))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to call the tool \"refund\""
					+ " but it called [lookup_ticket, escalate]")
			.withMessageContaining("3. tool lookup_ticket {ticketId=T-1} -> {id=T-1, status=open}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).neverCalledTool("escalate"))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" never to call the tool"
					+ " \"escalate\" but it called it: tool escalate {ticketId=T-1} !! IllegalStateException: no on-call team");
	}

	@Test
	void aToolsArgumentsAndResult() {
		assertThat(this.run).toolCall("lookup_ticket")
			.hasArguments(Map.of("ticketId", "T-1"))
			.hasArgument("ticketId", "T-1")
			.succeeded()
			.hasResult(Map.of("id", "T-1", "status", "open"))
			.resultSatisfies((result) -> assertThat(result).asString().contains("open"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("lookup_ticket").hasArgument("ticketId", "T-2"))
			.withMessageStartingWith(
					String.format("Expected the tool \"lookup_ticket\" to be called with ticketId=\"T-2\""
							+ " but it was called with {ticketId=T-1}%nTrajectory:"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("lookup_ticket").hasArguments(Map.of("id", "T-1")))
			.withMessageStartingWith("Expected the tool \"lookup_ticket\" to be called with {id=T-1} but it was called"
					+ " with {ticketId=T-1}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("lookup_ticket").hasResult(Map.of("id", "T-1")))
			.withMessageStartingWith("Expected the tool \"lookup_ticket\" to return {id=T-1} but it returned"
					+ " {id=T-1, status=open}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("lookup_ticket", 1))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to call the tool"
					+ " \"lookup_ticket\" 2 time(s) but it called it 1 time(s)");
	}

	@Test
	void aToolsError() {
		assertThat(this.run).toolCall("escalate")
			.failed()
			.failedWith(IllegalStateException.class, "on-call")
			.failedWith("IllegalStateException", "no on-call team");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("escalate").succeeded())
			.withMessageStartingWith("Expected the tool \"escalate\" to return but it failed with"
					+ " IllegalStateException: no on-call team");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("lookup_ticket").failed())
			.withMessageStartingWith(
					"Expected the tool \"lookup_ticket\" to fail but it returned {id=T-1, status=open}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).toolCall("escalate").failedWith(IllegalArgumentException.class, "x"))
			.withMessageStartingWith("Expected the tool \"escalate\" to fail with IllegalArgumentException containing"
					+ " \"x\" but it failed with IllegalStateException: no on-call team");
	}

	@Test
	void aToolCallOnItsOwn() {
		CapturedToolCall call = this.run.toolCalls().get(0);
		assertThat(call).hasArgument("ticketId", "T-1");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(call).failed())
			.withMessage("Expected the tool \"lookup_ticket\" to fail but it returned {id=T-1, status=open}");
	}

	@Test
	void theNumberOfModelCallsAndTheModel() {
		assertThat(this.run).hasModelCalls(2).usedOnlyModel("gpt-test");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).hasModelCalls(1))
			.withMessage(String.format("Expected run of \"Triage Agent\" in session \"s-T-1\" to call a model 1 time(s)"
					+ " but it did 2 time(s)%n%s", TRAJECTORY.replace("\n", System.lineSeparator())));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).usedOnlyModel("gpt-5"))
			.withMessageStartingWith(
					"Expected run of \"Triage Agent\" in session \"s-T-1\" to ask only the model \"gpt-5\" but it asked [gpt-test]");
	}

	@Test
	void theTokensUsed() {
		assertThat(this.run).usedAtMostTokens(180).usedAtMostInputTokens(150).usedAtMostOutputTokens(30);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).usedAtMostTokens(179))
			.withMessageStartingWith(
					String.format("Expected run of \"Triage Agent\" in session \"s-T-1\" to use at most"
							+ " 179 tokens but it used 180 (input 150, output 30)%nTrajectory:"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).usedAtMostInputTokens(100))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to use at most 100 input"
					+ " tokens but it used 180 (input 150, output 30)");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).costAtMost(1.0))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to cost at most 1.0 but it"
					+ " has no cost: set a price for each of its models");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).usedAtMostOutputTokens(29))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to use at most 29 output"
					+ " tokens but it used 180 (input 150, output 30)");
	}

	@Test
	void reasoningSteps() {
		assertThat(this.run).hasReasoningSteps(1)
			.hasReasoningStepContaining("Look up T-1")
			.hasReasoningStepContaining("names a ticket");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).hasReasoningSteps(2))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to have 2 reasoning step(s)"
					+ " but it had 1");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).hasReasoningStepContaining("escalate"))
			.withMessageStartingWith("Expected a reasoning step of run of \"Triage Agent\" in session \"s-T-1\" to"
					+ " contain \"escalate\" but none did");
	}

	@Test
	void streamedContent() {
		assertThat(this.run).streamed("Ticket T-1 is open").streamedItsOutput();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).streamed("Ticket T-1 is closed"))
			.withMessageStartingWith(String.format("Expected run of \"Triage Agent\" in session \"s-T-1\" to stream%n"
					+ "  \"Ticket T-1 is closed\"%nbut it streamed 2 chunk(s):%n  \"Ticket T-1 is open\""));
	}

	@Test
	void theOutcome(AgentTracer tracer) {
		assertThat(this.run).succeeded()
			.hasAgentName("Triage Agent")
			.hasSessionId("s-T-1")
			.hasInput("Ticket T-1 is broken")
			.hasOutput("Ticket T-1 is open")
			.hasOutputContaining("is open");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).failed())
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to fail but it completed");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).hasOutput("Ticket T-1 is closed"))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to have the output"
					+ " \"Ticket T-1 is closed\" but it had \"Ticket T-1 is open\"");

		try {
			new TriageAgent(tracer).fail("T-9");
		}
		catch (IllegalArgumentException ex) {
			// recorded as the run's error
		}
		CapturedRun failed = this.traces.runInSession("s-T-9");
		assertThat(failed).failed().failedWith(IllegalArgumentException.class, "T-9");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(failed).succeeded())
			.withMessage(String
				.format("Expected run of \"Triage Agent\" in session \"s-T-9\" to complete but it failed%n"
						+ "Trajectory:%n  run of \"Triage Agent\" in session \"s-T-9\": failed with IllegalArgumentException:"
						+ " unknown ticket T-9%n    input: \"Ticket T-9\"%n"
						+ "    (no tool calls, model calls or reasoning steps)"));
	}

	@Test
	void thatNothingFailed(AgentTracer tracer) {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).hasNoFailures())
			.withMessageStartingWith("Expected no failed steps in run of \"Triage Agent\" in session \"s-T-1\" but 1"
					+ " failed: [tool escalate {ticketId=T-1} !! IllegalStateException: no on-call team]");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).hasNoFailures())
			.withMessageStartingWith(
					String.format("Expected no failures but 1 of 1 run(s) failed or had failing steps:%n"
							+ "  run of \"Triage Agent\" in session \"s-T-1\": completed"));

		this.traces.clear();
		new TriageAgent(tracer).answer("T-2", false);
		assertThat(this.traces).hasNoFailures().run().hasNoFailures();
	}

	@Test
	void findingRuns(AgentTracer tracer) {
		new TriageAgent(tracer).answer("T-2", false);

		assertThat(this.traces).hasRuns(2);
		assertThat(this.traces).runInSession("s-T-2").neverCalledTool("escalate");
		assertThat(this.traces).runWithInput("T-2").hasSessionId("s-T-2");
		assertThat(this.traces).lastRun().hasSessionId("s-T-2");
		assertThat(this.traces).runMatching((run) -> run.toolNames().contains("escalate"), "that escalates")
			.hasSessionId("s-T-1");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).runOf("Triage Agent"))
			.withMessageStartingWith(String.format("Expected one run of \"Triage Agent\" but found 2 among the runs"
					+ " captured:%n  run of \"Triage Agent\" in session \"s-T-1\": completed"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).runInSession("s-T-3"))
			.withMessageStartingWith("Expected one run in session \"s-T-3\" but found none among the runs captured:");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).hasRuns(1))
			.withMessageStartingWith(String.format("Expected 1 run(s) but 2 were captured:%n"
					+ "  run of \"Triage Agent\" in session \"s-T-1\": completed"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).hasNoRuns())
			.withMessageStartingWith("Expected 0 run(s) but 2 were captured:");
	}

	@Test
	void theAgentSessionAndInput() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).hasAgentName("Billing Agent"))
			.withMessageStartingWith("Expected the agent \"Billing Agent\" but run of \"Triage Agent\" in session"
					+ " \"s-T-1\" is of \"Triage Agent\"");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).hasSessionId("s-T-2"))
			.withMessageStartingWith("Expected the session \"s-T-2\" but run of \"Triage Agent\" in session \"s-T-1\""
					+ " is in \"s-T-1\"");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.run).hasInput("Ticket T-2"))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-1\" to have the input"
					+ " \"Ticket T-2\" but it had \"Ticket T-1 is broken\"");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).hasOutputContaining("closed"))
			.withMessageStartingWith("Expected the output of run of \"Triage Agent\" in session \"s-T-1\" to contain"
					+ " \"closed\" but it was \"Ticket T-1 is open\"");
	}

	@Test
	void everyCallOfATool() {
		assertThat(this.run).allToolCallsSatisfy("lookup_ticket",
				(call) -> assertThat(call.arguments()).containsEntry("ticketId", "T-1"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.run).allToolCallsSatisfy("lookup_ticket",
					(call) -> assertThat(call.arguments()).containsEntry("ticketId", "T-2")))
			.withMessageContaining("ticketId");
	}

	@Test
	void aRunWithoutStreamedOutput(AgentTracer tracer) {
		tracer.newRun("Quiet Agent").sessionId("quiet").call(() -> "done");
		CapturedRun quiet = this.traces.runOf("Quiet Agent");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(quiet).streamedItsOutput())
			.withMessageStartingWith(String.format("Expected run of \"Quiet Agent\" in session \"quiet\" to stream its"
					+ " output but it streamed 0 chunk(s)%nTrajectory:%n  run of \"Quiet Agent\" in session \"quiet\":"
					+ " completed%n    (no tool calls, model calls or reasoning steps)%n    output: \"done\""));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(quiet).usedAtMostTokens(10))
			.withMessageStartingWith("Expected run of \"Quiet Agent\" in session \"quiet\" to report token usage but"
					+ " neither it nor its model calls did");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(quiet).failedWith(IllegalStateException.class, "x"))
			.withMessageStartingWith("Expected run of \"Quiet Agent\" in session \"quiet\" to fail but it completed");
	}

	@Test
	void aRunThatFailedWithAnotherError(AgentTracer tracer) {
		try {
			new TriageAgent(tracer).fail("T-9");
		}
		catch (IllegalArgumentException ex) {
			// recorded as the run's error
		}
		CapturedRun failed = this.traces.runInSession("s-T-9");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(failed).failedWith(IllegalStateException.class, "T-9"))
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-9\" to fail with"
					+ " IllegalStateException containing \"T-9\" but it failed with IllegalArgumentException: unknown"
					+ " ticket T-9");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(failed).hasNoFailures())
			.withMessageStartingWith("Expected run of \"Triage Agent\" in session \"s-T-9\" to complete but it failed");
	}

	@Test
	void findingARunThatMatches() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.traces).runMatching((run) -> run.failed(), "that failed"))
			.withMessageStartingWith("Expected one run that failed but found none among the runs captured:");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).runWithInput("T-7"))
			.withMessageStartingWith("Expected one run with input \"T-7\" but found none among the runs captured:");
		this.traces.clear();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).lastRun())
			.withMessage("Expected a run but none was captured");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.traces).run())
			.withMessage(
					String.format("Expected one run but found none among the runs captured:%n  (no runs captured)"));
	}

}
