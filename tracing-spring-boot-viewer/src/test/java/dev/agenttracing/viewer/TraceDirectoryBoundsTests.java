package dev.agenttracing.viewer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.agenttracing.viewer.TraceLines.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer's indexes stay within their bounds: the newest runs of a session, the most
 * recently used sessions and an estimated memory budget; what they drop is read again
 * from the file when asked for.
 */
class TraceDirectoryBoundsTests {

	private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

	@TempDir
	Path traces;

	@Test
	void keepsOnlyTheNewestRunsOfASessionIndexedAndReadsOlderOnesAgainFromTheFile() throws Exception {
		writeRuns("many", 300, 0);
		TraceDirectory directory = new TraceDirectory(this.traces, 8, 50, 64L * 1024 * 1024);
		SessionIndex session = directory.session("many");
		assertThat(session.runCount()).isEqualTo(300);
		assertThat(session.indexedRuns()).isEqualTo(50);
		assertThat(session.summary()).containsEntry("runs", 300).containsEntry("indexed_runs", 50);
		assertThat(runIds(session.runs(0, 3))).containsExactly("run-299", "run-298", "run-297");
		assertThat(session.rescans()).isZero();

		assertThat(runIds(session.runs(45, 10))).containsExactly("run-254", "run-253", "run-252", "run-251", "run-250",
				"run-249", "run-248", "run-247", "run-246", "run-245");
		assertThat(session.rescans()).isEqualTo(1);
		List<Map<String, Object>> oldest = session.runs(295, 10);
		assertThat(runIds(oldest)).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
		assertThat(oldest.get(4)).containsEntry("status", "completed")
			.containsEntry("input", "Question 0")
			.containsEntry("events", 2);
		assertThat(session.rescans()).isEqualTo(2);
		session.runs(295, 10);
		assertThat(session.rescans()).as("a page of runs that can no longer change is kept").isEqualTo(2);
		assertThat(session.runs(300, 10)).isEmpty();

		Map<String, Object> run = session.run("run-7", 0, 10, 100);
		assertThat(run).isNotNull();
		assertThat(run.get("run")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("run_id", "run-7")
			.containsEntry("output", "Answer 7");
		assertThat(session.span("run-7", "span_run-7")).isNotNull();
		int rescans = session.rescans();
		assertThat(session.run("no-such-run", 0, 10, 100)).isNull();
		assertThat(session.run("no-such-run", 0, 10, 100)).isNull();
		assertThat(session.rescans()).as("an id not found is not looked for again").isEqualTo(rescans + 1);
		assertThat(session.indexedRuns()).isEqualTo(50);
	}

	@Test
	void dropsTheLeastRecentlyUsedSessionsBeyondTheNumberKeptAndBuildsThemAgainWhenAskedFor() throws Exception {
		writeRuns("a", 3, 0);
		writeRuns("b", 4, 0);
		writeRuns("c", 5, 0);
		TraceDirectory directory = new TraceDirectory(this.traces, 2, 50, 64L * 1024 * 1024);
		directory.session("a");
		directory.session("b");
		directory.session("c");
		assertThat(directory.cached("a")).isNull();
		assertThat(directory.cached("b")).isNotNull();
		assertThat(directory.cacheUse()[1]).isEqualTo(2);
		SessionIndex a = directory.session("a");
		assertThat(a.runCount()).isEqualTo(3);
		assertThat(a.run("no-such-run", 0, 10, 100)).isNull();
		assertThat(a.rescans()).as("a session with every run indexed is never read again").isZero();
		assertThat(directory.cached("b")).isNull();
		Map<String, Object> page = directory.sessions("", 0, 500);
		assertThat(page).containsEntry("total", 3).containsEntry("limit", 2);
		assertThat((List<?>) page.get("sessions")).hasSize(2);
		assertThat(directory.maxSessionsPage()).isEqualTo(2);
	}

	@Test
	void keepsTheIndexesWithinTheirEstimatedMemoryBudget() throws Exception {
		String input = "A long question. ".repeat(10);
		for (String key : List.of("s1", "s2", "s3")) {
			TraceLines lines = new TraceLines(key);
			for (int i = 0; i < 2_000; i++) {
				Instant at = T0.plusSeconds(i);
				lines.line("RunStarted", at, "run-" + i, "span_run-" + i, "agent_name", "Agent " + i, "metadata",
						map("ticket", "T-" + i, "note", input), "run_input", map("input_content", input + i));
				lines.line("RunCompleted", at.plusMillis(5), "run-" + i, "span_run-" + i, "content", input);
			}
			lines.appendTo(this.traces.resolve(key + ".jsonl"));
		}
		long budget = 1024 * 1024;
		TraceDirectory directory = new TraceDirectory(this.traces, 10, 10_000, budget);
		SessionIndex s1 = directory.session("s1");
		assertThat(s1.runCount()).isEqualTo(2_000);
		assertThat(s1.indexedRuns()).isBetween(100, 1_999);
		assertThat(s1.estimatedBytes()).isLessThanOrEqualTo(budget);
		assertThat(runIds(s1.runs(0, 1))).containsExactly("run-1999");
		assertThat(runIds(s1.runs(1_999, 1))).containsExactly("run-0");
		directory.session("s2");
		directory.session("s3");
		assertThat(directory.cacheUse()[0]).isLessThanOrEqualTo(budget);
		assertThat(directory.cached("s3")).isNotNull();
		assertThat(directory.cached("s1")).isNull();
	}

	@Test
	void forgetsTheSpansPastTheDisplayLimitOnceTheyEnd() {
		RunIndex run = new RunIndex("run-1");
		int calls = RunIndex.MAX_SPANS + 20_000;
		for (int i = 0; i < calls; i++) {
			Map<String, Object> tool = map("tool_call_id", "call-" + i, "tool_name", "step", "tool_call_error",
					i % 2 == 0);
			run.add(2 * i + 1, i * 200L, 100, "ToolCallStarted",
					map("event", "ToolCallStarted", "run_id", "run-1", "span_id", "span_" + i, "tool", tool),
					RunIndex.UNKNOWN);
			run.add(2 * i + 2, i * 200L + 100, 100, "ToolCallCompleted",
					map("event", "ToolCallCompleted", "run_id", "run-1", "span_id", "span_" + i, "tool", tool),
					RunIndex.UNKNOWN);
		}
		assertThat(run.openSpansPastLimit()).isZero();
		assertThat(run.summary()).containsEntry("tool_calls", calls).containsEntry("failed_tool_calls", calls / 2);
		assertThat(run.timeline(10)).containsEntry("spans_total", calls);
		RunIndex open = new RunIndex("run-2");
		for (int i = 0; i < 3 * RunIndex.MAX_SPANS; i++) {
			open.add(
					i + 1, i * 100L, 100, "ToolCallStarted", map("event", "ToolCallStarted", "run_id", "run-2",
							"span_id", "span_" + i, "tool", map("tool_call_id", "call-" + i, "tool_name", "step")),
					RunIndex.UNKNOWN);
		}
		assertThat(open.openSpansPastLimit()).isEqualTo(RunIndex.MAX_SPANS);
		assertThat(open.summary()).containsEntry("tool_calls", 3 * RunIndex.MAX_SPANS);
	}

	private void writeRuns(String key, int runs, int first) throws Exception {
		TraceLines lines = new TraceLines(key);
		for (int i = first; i < first + runs; i++) {
			Instant at = T0.plusSeconds(i);
			lines.line("RunStarted", at, "run-" + i, "span_run-" + i, "run_input",
					map("input_content", "Question " + i));
			lines.line("RunCompleted", at.plusMillis(5), "run-" + i, "span_run-" + i, "content", "Answer " + i);
		}
		lines.appendTo(this.traces.resolve(key + ".jsonl"));
	}

	private static List<Object> runIds(List<Map<String, Object>> runs) {
		return runs.stream().map((run) -> run.get("run_id")).toList();
	}

}
