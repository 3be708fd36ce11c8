package dev.agenttracing.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracing is never required: switched off, the agent answers just the same. */
class TracingSwitchedOffTests {

	@TempDir
	Path traces;

	@Test
	void withTracingSwitchedOffTheAgentStillAnswersAndNoFileIsWritten() throws Exception {
		try (RunningSample sample = RunningSample.start("--tracing.enabled=false",
				"--tracing.jsonl.dir=" + this.traces)) {
			assertThat(sample.context.getBeansOfType(AgentTracer.class)).isEmpty();

			Map<String, Object> answer = sample.http.run("Ticket #9999: the invoice is wrong", "untraced");

			assertThat(answer).containsEntry("sessionId", "untraced")
				.containsEntry("runId", null)
				.containsEntry("ticketError", "No ticket TCK-9999");
			assertThat(answer.get("answer").toString()).contains("KB-1");
			AgentApiTests.assertProblem(sample.http.get("/api/agent/sessions/untraced/events"), 404);
		}
		try (var files = Files.list(this.traces)) {
			assertThat(files).isEmpty();
		}
	}

}
