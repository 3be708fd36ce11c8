package dev.agenttracing.export.celesto;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolInvocation;

/** Events made directly, for tests that call the exporter without a tracer. */
final class TestEvents {

	private TestEvents() {
	}

	static RunInfo run(String agentName) {
		return run(agentName, null);
	}

	static RunInfo run(String agentName, Map<String, Object> metadata) {
		return new RunInfo(UUID.randomUUID().toString(), "default", hex("trace_", 32), hex("span_", 24), agentName,
				null, metadata);
	}

	static RunStarted started(RunInfo run) {
		return new RunStarted(now(), run, "gpt-5-mini", "question");
	}

	static ToolCallCompleted toolCompleted(RunInfo run, String name, Map<String, Object> arguments, Object result) {
		ToolInvocation tool = new ToolInvocation(hex("call_", 24), name, hex("span_", 24), arguments);
		return new ToolCallCompleted(now(), run, tool, result, Duration.ofMillis(3));
	}

	static RunCompleted completed(RunInfo run, Object output) {
		return new RunCompleted(now(), run, "gpt-5-mini", "question", output, List.of(),
				new RunMetrics(TokenUsage.of(10, 2), Duration.ofMillis(20)));
	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	static String hex(String prefix, int digits) {
		StringBuilder id = new StringBuilder(prefix);
		for (int i = 0; i < digits; i++) {
			id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
		}
		return id.toString();
	}

}
