package dev.agenttracing.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.jsonl.JsonlExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer over a session file of 100,000 lines written by the real
 * {@link JsonlExporter}: 9,000 runs of 9 lines and one run of 9,499 tool calls. The file
 * is read once; later requests read only what was appended, and every response stays
 * small.
 */
class TraceViewerLargeFileTests {

	private static final int LINES = 100_000;

	private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

	private static final String API = "/agent-traces/api/sessions";

	@TempDir
	static Path traces;

	static JsonlExporter exporter;

	static ConfigurableApplicationContext context;

	static ViewerHttp http;

	static Path file;

	@BeforeAll
	static void writeFileAndStartApplication() throws Exception {
		exporter = new JsonlExporter(traces, false, false);
		List<TraceEvent> batch = new ArrayList<>();
		for (int i = 0; i < 9_000; i++) {
			RunInfo run = run("run-" + i);
			Instant at = T0.plusSeconds(i);
			batch.add(new RunStarted(at, run, "gpt-5-mini", "Question number " + i));
			batch.add(new ReasoningStep(at.plusMillis(1), run, "span_r" + i, "Think about question " + i, null));
			for (int t = 0; t < 3; t++) {
				ToolInvocation tool = new ToolInvocation("call-" + i + "-" + t, "tool_" + t, "span_t" + i + "_" + t,
						Map.of("question", i, "attempt", t));
				batch.add(new ToolCallStarted(at.plusMillis(10 + t * 100), run, tool));
				batch.add(new ToolCallCompleted(at.plusMillis(90 + t * 100), run, tool, "result " + t,
						Duration.ofMillis(80)));
			}
			batch.add(new RunCompleted(at.plusMillis(400), run, "gpt-5-mini", "Question number " + i, "Answer " + i,
					List.of("tool_0", "tool_1", "tool_2"),
					new RunMetrics(TokenUsage.of(100, 20), Duration.ofMillis(400))));
			flush(batch);
		}
		RunInfo longRun = run("run-long");
		Instant at = T0.plusSeconds(10_000);
		batch.add(new RunStarted(at, longRun, "gpt-5-mini", "A run with very many tool calls"));
		for (int t = 0; t < 9_499; t++) {
			ToolInvocation tool = new ToolInvocation("call-long-" + t, "step", "span_long_" + t, Map.of("n", t));
			batch.add(new ToolCallStarted(at.plusMillis(t), run("run-long"), tool));
			batch.add(new ToolCallCompleted(at.plusMillis(t + 1), run("run-long"), tool, t, Duration.ofMillis(1)));
			flush(batch);
		}
		batch.add(new RunCompleted(at.plusSeconds(10), longRun, "gpt-5-mini", null, "done", List.of("step"),
				new RunMetrics(null, Duration.ofSeconds(10))));
		exporter.export(batch);
		exporter.flush();
		file = traces.resolve("big.jsonl");
		assertThat(Files.lines(file).count()).isEqualTo(LINES);
		context = ViewerTestApplication.startWithoutSpringSecurity(traces, "tracing.jsonl.enabled=false");
		http = new ViewerHttp(ViewerTestApplication.rootUrl(context));
	}

	private static void flush(List<TraceEvent> batch) throws Exception {
		if (batch.size() >= 1_000) {
			exporter.export(batch);
			batch.clear();
		}
	}

	private static RunInfo run(String id) {
		return new RunInfo(id, "big", "trace_" + "0".repeat(32), "span_" + id, "Load Agent", "load-test",
				Map.of("shard", 3));
	}

	@AfterAll
	static void stopApplication() throws Exception {
		if (context != null) {
			context.close();
		}
		exporter.shutdown();
	}

	@Test
	void readsTheFileOnceThenOnlyTheBytesAppendedAndKeepsEveryResponseSmall() throws Exception {
		long size = Files.size(file);
		ViewerHttp.Response cold = http.get(API);
		assertThat(cold.status()).isEqualTo(200);
		assertThat(cold.json()).containsEntry("total", 1);
		SessionIndex index = context.getBean(TraceDirectory.class).cached("big");
		assertThat(index).isNotNull();
		assertThat(index.bytesRead()).isEqualTo(size);
		assertThat(index.reads()).isEqualTo(1);
		assertThat(cold.body().length).isLessThan(2_000);

		ViewerHttp.Response runs = http.get(API + "/big/runs");
		ViewerHttp.Response poll = http.get(API + "/big/runs");
		assertThat(runs.json()).containsEntry("total", 9_001);
		assertThat(runs.body().length).isLessThan(64 * 1024);
		assertThat(index.bytesRead()).isEqualTo(size);
		assertThat(index.reads()).isEqualTo(1);

		ViewerHttp.Response run = http.get(API + "/big/runs/run-4321");
		assertThat(run.status()).isEqualTo(200);
		assertThat(run.body().length).isLessThan(32 * 1024);
		ViewerHttp.Response longRun = http.get(API + "/big/runs/run-long");
		Map<String, Object> longRunJson = longRun.json();
		assertThat(longRunJson).containsEntry("spans_total", 9_499);
		assertThat((List<?>) longRunJson.get("spans")).hasSize(TraceViewerHandler.TIMELINE_LIMIT);
		assertThat(longRun.body().length).isLessThan(1024 * 1024);
		ViewerHttp.Response lastPage = http.get(API + "/big/runs?offset=9000&limit=500");
		assertThat(lastPage.body().length).isLessThan(16 * 1024);

		RunInfo appended = run("run-appended");
		ToolInvocation tool = new ToolInvocation("call-new", "lookup", "span_new", Map.of("id", 1));
		exporter.export(List.of(new RunStarted(T0.plusSeconds(20_000), appended, "gpt-5-mini", "New question"),
				new ToolCallStarted(T0.plusSeconds(20_000).plusMillis(5), appended, tool)));
		exporter.flush();
		long grown = Files.size(file);
		ViewerHttp.Response afterAppend = http.get(API + "/big/runs?limit=1");
		assertThat(index.bytesRead()).isEqualTo(grown);
		assertThat(index.reads()).isEqualTo(2);
		Map<String, Object> newest = first(afterAppend.json(), "runs");
		assertThat(newest).containsEntry("run_id", "run-appended").containsEntry("status", "running");

		System.out.printf("VIEWER-TIMING %,d lines, %,d bytes: first request (reads the whole file) %d ms; runs page "
				+ "%d ms, again %d ms; one run %d ms; run with 9,499 calls %d ms (%,d bytes); after appending %d bytes "
				+ "%d ms%n", LINES, size, cold.took().toMillis(), runs.took().toMillis(), poll.took().toMillis(),
				run.took().toMillis(), longRun.took().toMillis(), longRun.body().length, grown - size,
				afterAppend.took().toMillis());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> first(Map<String, Object> map, String key) {
		return ((List<Map<String, Object>>) map.get(key)).get(0);
	}

}
