package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.SpoolSettings;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.jsonl.JsonlRetention;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health component and the meters show an exporter's disk spool and the JSONL
 * retention.
 */
class SpoolAndRetentionObservabilityTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					TracingHealthAutoConfiguration.class, TracingMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.withPropertyValues("tracing.jsonl.dir=" + this.dir.resolve("traces"),
					"tracing.jsonl.retention.max-total-size=1KB")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("down", TraceExporter.class, () -> new DownExporter(this.dir.resolve("spool")));
	}

	@Test
	void showTheSpoolAndTheFilesTheRetentionRemoved() throws Exception {
		Path old = this.dir.resolve("traces/old.jsonl");
		Files.createDirectories(old.getParent());
		Files.write(old, new byte[4096]);
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
		runner().run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.newRun("agent").start().complete("done");
			await(() -> tracer.stats().get("DownExporter").spool().events() >= 2
					&& context.getBean(JsonlRetention.class).filesRemoved() == 1);

			Health health = context.getBean(AgentTracingHealthIndicator.class).health(true);
			Map<String, Object> details = health.getDetails();
			assertThat(details.get("DownExporter")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.extractingByKey("spool")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("events", 2L)
				.containsEntry("files", 2)
				.containsKeys("bytes", "oldestAgeMs", "dropped", "corruptFiles", "directory");
			assertThat(details.get("retention")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("filesRemoved", 1L)
				.containsEntry("bytesRemoved", 4096L);

			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(AgentTracingMeterBinder.class).bindTo(registry);
			assertThat(registry.get("agent.tracing.spool.events").tag("exporter", "DownExporter").gauge().value())
				.isEqualTo(2);
			assertThat(registry.get("agent.tracing.spool.bytes").tag("exporter", "DownExporter").gauge().value())
				.isPositive();
			assertThat(registry.get("agent.tracing.spool.oldest.age").tag("exporter", "DownExporter").timeGauge())
				.isNotNull();
			assertThat(registry.get("agent.tracing.spool.dropped")
				.tag("exporter", "DownExporter")
				.functionCounter()
				.count()).isZero();
			assertThat(registry.get("agent.tracing.retention.files.removed").functionCounter().count()).isEqualTo(1);
		});
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("condition met within 10 s").isNegative();
			Thread.sleep(10);
		}
	}

	/** A backend that is always down, with a spool. */
	static final class DownExporter implements TraceExporter {

		private final Path spool;

		DownExporter(Path spool) {
			this.spool = spool;
		}

		@Override
		public SpoolSettings spool() {
			return SpoolSettings.of(this.spool).withMaxRetryInterval(Duration.ofSeconds(30));
		}

		@Override
		public void export(List<TraceEvent> events) throws IOException {
			throw new IOException("down");
		}

	}

}
