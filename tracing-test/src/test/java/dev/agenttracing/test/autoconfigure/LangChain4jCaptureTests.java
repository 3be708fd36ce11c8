package dev.agenttracing.test.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.test.CapturedModelCall;
import dev.agenttracing.test.CapturedRun;
import dev.agenttracing.test.CapturedTraces;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A LangChain4j AI service with no tracing annotation ({@link TripAssistant}), traced by
 * the starter: its runs are captured like any other, with the tools LangChain4j ran, the
 * model calls and their usage. The runs are found by agent or session: a test running at
 * the same time ({@link ParallelCaptureTests}) may start a run on a thread of no test,
 * which belongs to every test running then.
 */
@SpringBootTest(classes = TestAgentApplication.class)
@AutoConfigureAgentTracing
class LangChain4jCaptureTests {

	@Autowired
	CapturedTraces traces;

	@Autowired
	TripAssistant assistant;

	@Test
	void anAiServiceRunIsCapturedWithItsToolsInOrderItsModelCallsAndItsUsage() {
		String answer = this.assistant.chat("traveller-1", "A trip from Paris to Rome?");

		assertThat(answer).isEqualTo("Trip: find_flights=AF-1234 Paris-Rome; check_weather=sunny in Rome for 3 days;");
		assertThat(this.traces).runOf("TripAssistant")
			.hasNoFailures()
			.hasSessionId("traveller-1")
			.hasInput("A trip from Paris to Rome?")
			.hasOutput(answer)
			.calledTools("find_flights", "check_weather")
			.neverCalledTool("lookup_booking")
			.hasModelCalls(2)
			.usedOnlyModel(ScriptedLangChain4jModel.MODEL)
			.usedAtMostTokens(172)
			.usedAtMostInputTokens(140)
			.usedAtMostOutputTokens(32)
			.toolCall("check_weather")
			.hasArguments(Map.of("city", "Rome", "days", 3))
			.hasResult("sunny in Rome for 3 days");

		CapturedRun run = this.traces.runOf("TripAssistant");
		assertThat(run.usage()).isEqualTo(new TokenUsage(140, 32, 172));
		assertThat(run.modelCalls()).extracting(CapturedModelCall::finishReason).containsExactly("tool_calls", "stop");
		assertThat(run.modelCalls()).extracting(CapturedModelCall::usage)
			.containsExactly(new TokenUsage(100, 20, 120), new TokenUsage(40, 12, 52));
		assertThat(run.toolCalls().get(0).callId()).isEqualTo("call_flights_1");
	}

	@Test
	void aFailingToolOfAnAiServiceIsCapturedWithItsError() {
		String answer = this.assistant.chat("traveller-2", "Where is my booking 7?");

		// LangChain4j gives the model the tool's error as its result
		assertThat(answer).isEqualTo("Trip: lookup_booking=booking store is down;");
		assertThat(this.traces).runInSession("traveller-2")
			.succeeded()
			.calledTools("lookup_booking")
			.hasModelCalls(2)
			.toolCall("lookup_booking")
			.hasArgument("number", 7)
			.failedWith(IllegalStateException.class, "booking store is down");
	}

	@Test
	void aFailedExpectationShowsTheAiServicesTrajectory() {
		this.assistant.chat("traveller-3", "A trip from Paris to Rome?");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> assertThat(this.traces).runOf("TripAssistant").calledTools("check_weather", "find_flights"))
			.withMessageStartingWith("""
					Expected run of "TripAssistant" in session "traveller-3" to call the tools
					  [check_weather, find_flights]
					in this order but it called
					  [find_flights, check_weather]
					Trajectory:
					  run of "TripAssistant" in session "traveller-3": completed
					    input: "A trip from Paris to Rome?"
					    1. model scripted-lc4j-1 -> """)
			.withMessageEndingWith("""
					 (tool_calls, 120 tokens)
					    2. tool find_flights {from=Paris, to=Rome} -> "AF-1234 Paris-Rome"
					    3. tool check_weather {city=Rome, days=3} -> "sunny in Rome for 3 days"
					    4. model scripted-lc4j-1 -> "Trip: find_flights=AF-1234 Paris-Rome; \
					check_weather=sunny in Rome for 3 days;" (stop, 52 tokens)
					    output: "Trip: find_flights=AF-1234 Paris-Rome; check_weather=sunny in Rome for 3 days;"
					    tokens: 172 (input 140, output 32)""");
	}

}
