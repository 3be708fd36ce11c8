package dev.agenttracing.test.autoconfigure;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.test.CapturedTraces;

import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A test that asks for the JSONL files gets them beside the capture. */
class AutoConfigureAgentTracingWithFilesTests {

	@TempDir
	static Path traces;

	@DynamicPropertySource
	static void traceDirectory(DynamicPropertyRegistry registry) {
		registry.add("tracing.jsonl.dir", () -> traces.toString());
	}

	@Nested
	@SpringBootTest(classes = TestAgentApplication.class)
	@AutoConfigureAgentTracing(files = true)
	class AskedByTheAnnotation {

		@Test
		void writesTheFilesToo(@Autowired TicketAgent agent, @Autowired CapturedTraces captured,
				@Autowired AgentTracer tracer) {
			agent.answer("files", "T-1");

			assertThat(captured).run().calledTools("lookup_ticket");
			assertThat(tracer.channels()).extracting(ExportChannel::name)
				.containsExactlyInAnyOrder("JsonlExporter", "CaptureExporter");
			assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(Files.exists(traces.resolve("files.jsonl"))).isTrue();
		}

	}

	@Nested
	@SpringBootTest(classes = TestAgentApplication.class, properties = "tracing.jsonl.enabled=true")
	@AutoConfigureAgentTracing
	class AskedByAProperty {

		@Test
		void writesTheFilesToo(@Autowired AgentTracer tracer) {
			assertThat(tracer.channels()).extracting(ExportChannel::name)
				.containsExactlyInAnyOrder("JsonlExporter", "CaptureExporter");
		}

	}

}
