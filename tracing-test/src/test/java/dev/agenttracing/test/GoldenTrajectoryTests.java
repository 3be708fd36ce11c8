package dev.agenttracing.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A run compared with a recorded one. */
@ExtendWith(AgentTracingExtension.class)
class GoldenTrajectoryTests {

	@TempDir
	Path dir;

	@Test
	void aRecordedRunIsOneReadableLinePerEventWithoutIdsTimestampsOrDurations(AgentTracer tracer, CapturedTraces traces)
			throws IOException {
		new TriageAgent(tracer).answer("T-1", true);
		GoldenTrajectory golden = GoldenTrajectory.of(this.dir.resolve("triage.jsonl"));

		golden.assertMatches(traces.run(), true);

		List<String> lines = Files.readAllLines(golden.file());
		assertThat(lines).hasSize(14)
			.doesNotContain("")
			.allSatisfy((line) -> assertThat(line).doesNotContain("timestamp", "created_at", "run_id", "trace_id",
					"span_id", "duration", "tool_call_id"));
		assertThat(lines.get(0)).isEqualTo("{\"event\":\"RunStarted\",\"session_id\":\"s-T-1\",\"agent_name\":"
				+ "\"Triage Agent\",\"model\":\"gpt-test\",\"run_input\":{\"input_content\":\"Ticket T-1 is broken\"}}");
		assertThat(lines.get(5)).isEqualTo("{\"event\":\"ToolCallCompleted\",\"session_id\":\"s-T-1\",\"agent_name\":"
				+ "\"Triage Agent\",\"tool\":{\"tool_name\":\"lookup_ticket\",\"tool_args\":{\"ticketId\":\"T-1\"},"
				+ "\"tool_call_error\":false,\"result\":{\"id\":\"T-1\",\"status\":\"open\"}}}");
		assertThat(lines.get(13)).startsWith("{\"event\":\"RunCompleted\",\"session_id\":\"s-T-1\",\"agent_name\":"
				+ "\"Triage Agent\",\"content\":\"Ticket T-1 is open\",\"content_type\":\"str\",\"metrics\":"
				+ "{\"input_tokens\":150,\"output_tokens\":30,\"total_tokens\":180},");
		assertThat(golden.lines(traces.run())).containsExactlyElementsOf(lines);
	}

	@Test
	void theSameRunAgainMatches(AgentTracer tracer, CapturedTraces traces) {
		GoldenTrajectory golden = GoldenTrajectory.of(this.dir.resolve("triage.jsonl"));
		new TriageAgent(tracer).answer("T-1", true);
		golden.assertMatches(traces.run(), true);
		traces.clear();

		new TriageAgent(tracer).answer("T-1", true);

		assertThat(traces.run()).matchesGolden(golden);
	}

	@Test
	void aRunThatSkipsAToolFailsWithALineDiff(AgentTracer tracer, CapturedTraces traces) {
		GoldenTrajectory golden = GoldenTrajectory.of(this.dir.resolve("triage.jsonl"));
		new TriageAgent(tracer).answer("T-1", true);
		golden.assertMatches(traces.run(), true);
		traces.clear();

		new TriageAgent(tracer).answer("T-1", false);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(traces.run()).matchesGolden(golden))
			.withMessageStartingWith(String.format(
					"Run of \"Triage Agent\" in session \"s-T-1\" does not match the golden"
							+ " trajectory %s (- golden, + this run, with their line numbers;"
							+ " -Dagenttracing.golden.update=true records this run instead):%n"
							+ "Tools called: golden [lookup_ticket, escalate], this run [lookup_ticket]%n",
					golden.file()))
			.withMessageContaining(String.format("    6  {\"event\":\"ToolCallCompleted\""))
			.withMessageContaining(String.format("%n-   7  {\"event\":\"ToolCallStarted\",\"session_id\":\"s-T-1\","
					+ "\"agent_name\":\"Triage Agent\",\"tool\":{\"tool_name\":\"escalate\",\"tool_args\":{\"ticketId\":"
					+ "\"T-1\"},\"tool_call_error\":false}}%n-   8  {\"event\":\"ToolCallError\""))
			.withMessageContaining("\"tools\":[\"lookup_ticket\",\"escalate\"]}")
			.withMessageContaining("\"tools\":[\"lookup_ticket\"]}")
			.withMessageContaining(
					String.format("%nTrajectory:%n  run of \"Triage Agent\" in session \"s-T-1\": completed"));
	}

	@Test
	void aMissingFileFailsSayingHowToRecordIt(AgentTracer tracer, CapturedTraces traces) {
		new TriageAgent(tracer).answer("T-1", false);
		Path file = this.dir.resolve("missing.jsonl");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(traces.run()).matchesGolden(GoldenTrajectory.of(file)))
			.withMessageStartingWith(String.format("No golden trajectory %s: run the test with"
					+ " -Dagenttracing.golden.update=true to record this run as one:%n  run of \"Triage Agent\"",
					file));
		assertThat(file).doesNotExist();
	}

	@Test
	void anIgnoredFieldIsLeftOutOfTheFileAndTheComparison(AgentTracer tracer, CapturedTraces traces)
			throws IOException {
		GoldenTrajectory golden = GoldenTrajectory.of(this.dir.resolve("triage.jsonl"))
			.ignoring("model_call.input")
			.ignoring("ToolCallCompleted:tool.result");
		new TriageAgent(tracer).answer("T-1", false);
		golden.assertMatches(traces.run(), true);
		assertThat(Files.readString(golden.file())).doesNotContain("\"input\":", "\"result\":")
			.contains("\"input_content\":");
		traces.clear();

		new TriageAgent(tracer).answer("T-1", false);
		// another result in the file
		List<String> lines = Files.readAllLines(golden.file())
			.stream()
			.map((line) -> line.startsWith("{\"event\":\"ToolCallCompleted\"")
					? line.replace("\"tool_call_error\":false", "\"tool_call_error\":false,\"result\":{\"id\":\"T-0\"}")
					: line)
			.toList();
		Files.write(golden.file(), lines);

		assertThat(traces.run()).matchesGolden(golden);
	}

	@Test
	void aMatchedFieldAcceptsAnyValueThatMatches(AgentTracer tracer, CapturedTraces traces) throws IOException {
		Path file = this.dir.resolve("triage.jsonl");
		new TriageAgent(tracer).answer("T-1", false);
		GoldenTrajectory.of(file).assertMatches(traces.run(), true);
		Files.writeString(file,
				Files.readString(file)
					.replace("\"total_tokens\":180", "\"total_tokens\":999")
					.replace("\"content\":\"Ticket T-1 is open\"", "\"content\":\"Ticket T-1 is closed\""));
		traces.clear();
		new TriageAgent(tracer).answer("T-1", false);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> GoldenTrajectory.of(file).assertMatches(traces.run(), false))
			.withMessageContaining("\"total_tokens\":999")
			.withMessageContaining("Ticket T-1 is closed");
		GoldenTrajectory.of(file)
			.matching("metrics.*", Pattern.compile("\\d+"))
			.matching("RunCompleted:content", (content) -> String.valueOf(content).startsWith("Ticket T-1"))
			.assertMatches(traces.run(), false);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> GoldenTrajectory.of(file)
				.matching("metrics.*", Pattern.compile("\\d{4}"))
				.matching("RunCompleted:content", (content) -> true)
				.assertMatches(traces.run(), false))
			.withMessageContaining("\"total_tokens\":999")
			.withMessageContaining("\"total_tokens\":180")
			.withMessageNotContaining("Ticket T-1 is closed");
	}

	@Test
	void aNamedGoldenTrajectoryIsAFileOfTheTestResources() {
		assertThat(GoldenTrajectory.named("support-agent").file())
			.isEqualTo(Path.of("src/test/resources/golden/support-agent.jsonl"));
	}

	@Test
	void aPathIsKeysSeparatedByDots() {
		assertThatIllegalArgumentException().isThrownBy(() -> GoldenTrajectory.named("x").ignoring("tool..result"))
			.withMessageStartingWith("Not a field path: 'tool..result'");
	}

	@Test
	void aLineDiffShowsTheChangedLinesWithTwoLinesOfContext() {
		List<String> golden = List.of("a", "b", "c", "d", "e", "f", "g", "h");
		List<String> actual = List.of("a", "b", "c", "d", "X", "f", "g", "h", "i");

		assertThat(LineDiff.diff(golden, actual)).isEqualTo(String.join("\n", "  ...", "    3  c", "    4  d",
				"-   5  e", "+   5  X", "    6  f", "    7  g", "    8  h", "+   9  i"));
	}

}
