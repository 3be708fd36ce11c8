package dev.agenttracing.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer's answers to requests that ask too much, in a running application (without
 * Spring Security) that keeps two sessions' indexes: numbers out of range get 400 with a
 * problem body and no error in the log, a page of sessions is no larger than the cache, a
 * linked session file is not served, and a session whose writer was killed mid-line shows
 * its complete lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceViewerRequestTests {

	private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

	private static final String API = "/agent-traces/api/sessions";

	@TempDir
	static Path root;

	static ConfigurableApplicationContext context;

	static ViewerHttp http;

	@BeforeAll
	static void startApplication() throws Exception {
		Path traces = Files.createDirectories(root.resolve("traces"));
		for (String key : List.of("one", "two", "three")) {
			new TraceLines(key).line("RunStarted", T0, "run-" + key, "span_" + key)
				.appendTo(traces.resolve(key + ".jsonl"));
		}
		Path crashed = new TraceLines("crashed").line("RunStarted", T0, "run-c1", "span_c1")
			.line("RunCompleted", T0.plusMillis(5), "run-c1", "span_c1", "content", "done")
			.appendTo(traces.resolve("crashed.jsonl"));
		Files.writeString(crashed, "{\"event\":\"RunStarted\",\"run_id\":\"run-c2\",\"ses", StandardOpenOption.APPEND);
		Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minusSeconds(10)));
		Path victim = new TraceLines("victim").line("RunStarted", T0, "secret-run", "span_s")
			.appendTo(root.resolve("victim.jsonl"));
		Files.createSymbolicLink(traces.resolve("linked.jsonl"), victim);
		context = ViewerTestApplication.startWithoutSpringSecurity(traces, "tracing.viewer.cached-sessions=2");
		http = new ViewerHttp(ViewerTestApplication.rootUrl(context));
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "offset=2147483647", "offset=2147483648", "offset=1000000001", "offset=-1",
			"offset=99999999999999999999", "offset=x", "offset=1e3", "offset=+1", "offset=%201", "limit=-5",
			"limit=1000000001", "limit=2147483647", "limit=99999999999", "limit=ten", "limit=0x10" })
	void answersNumbersOutOfRangeWith400AndAProblemBodyAndNoErrorInTheLog(String query, CapturedOutput output)
			throws Exception {
		for (String path : List.of(API, API + "/one/runs", API + "/one/runs/run-one")) {
			ViewerHttp.Response response = http.get(path + "?" + query);
			assertThat(response.status()).as("GET %s?%s", path, query).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			Map<String, Object> problem = response.json();
			assertThat(problem).containsEntry("status", 400)
				.containsEntry("title", "Bad Request")
				.containsEntry("instance", path)
				.containsKey("detail");
			assertThat((String) problem.get("detail")).contains("from 0 to 1000000000");
		}
		assertThat(output.getAll()).doesNotContain("ERROR")
			.doesNotContain("Exception")
			.doesNotContainPattern("\\tat [a-z]");
	}

	@Test
	void answersTheLargestNumbersAllowedWithAnEmptyPage(CapturedOutput output) throws Exception {
		Map<String, Object> page = http.json(API + "?offset=1000000000&limit=1000000000");
		assertThat(page).containsEntry("offset", 1_000_000_000).containsEntry("total", 4);
		assertThat((List<?>) page.get("sessions")).isEmpty();
		assertThat((List<?>) http.json(API + "/one/runs?offset=1000000000").get("runs")).isEmpty();
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("Exception");
	}

	@Test
	void answersAPageOfSessionsNoLargerThanTheSessionsKept() throws Exception {
		Map<String, Object> page = http.json(API + "?limit=500");
		assertThat(page).containsEntry("limit", 2).containsEntry("total", 4);
		assertThat((List<?>) page.get("sessions")).hasSize(2);
		assertThat(http.json(API)).containsEntry("limit", 2);
	}

	@Test
	void neitherListsNorServesASessionFileThatIsASymbolicLink() throws Exception {
		assertThat(http.json(API + "?q=linked")).containsEntry("total", 0);
		ViewerHttp.Response linked = http.get(API + "/linked/runs");
		assertThat(linked.status()).isEqualTo(404);
		assertThat(linked.header("Content-Type")).startsWith("application/problem+json");
		assertThat(linked.text()).doesNotContain("secret-run");
		assertThat(http.get(API + "/linked/runs/secret-run").status()).isEqualTo(404);
	}

	@Test
	void showsTheCompleteLinesOfASessionWhoseWriterWasKilledMidLine() throws Exception {
		Map<String, Object> page = http.json(API + "/crashed/runs");
		assertThat(page).containsEntry("total", 1);
		@SuppressWarnings("unchecked")
		Map<String, Object> session = (Map<String, Object>) page.get("session");
		assertThat(session).containsEntry("malformed_lines", 0)
			.containsEntry("incomplete_last_line", true)
			.containsEntry("lines", 2);
	}

}
