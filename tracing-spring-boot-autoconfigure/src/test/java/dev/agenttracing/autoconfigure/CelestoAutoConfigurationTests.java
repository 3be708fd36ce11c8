package dev.agenttracing.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.SpoolSettings;
import dev.agenttracing.export.celesto.CelestoExporter;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;

class CelestoAutoConfigurationTests {

	private static final String KEY = "cel_test0123456789";

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, CelestoAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void bindsThePropertiesButCreatesNoExporterWithoutAnApiKey() {
		runner().run((context) -> assertThat(context).hasSingleBean(CelestoProperties.class)
			.doesNotHaveBean(CelestoExporter.class));
	}

	@Test
	void createsAnExporterThatTheTracerBatchesAsItDeclares() {
		runner().withPropertyValues("celesto.api-key=" + KEY, "celesto.max-batch-size=64", "celesto.batch-delay=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(CelestoExporter.class);
				assertThat(context.getBean(AgentTracer.class).channels())
					.filteredOn((channel) -> channel.exporter() instanceof CelestoExporter)
					.singleElement()
					.satisfies((channel) -> {
						assertThat(channel.name()).isEqualTo("CelestoExporter");
						assertThat(channel.batching()).isEqualTo(ExportBatching.fixed(64, Duration.ofSeconds(2)));
					});
			});
	}

	@Test
	void anExplicitBatchSizeLeavesCelestosBatchingAlone() {
		runner().withPropertyValues("celesto.api-key=" + KEY, "tracing.batch-size=8")
			.run((context) -> assertThat(context.getBean(AgentTracer.class).channels())
				.extracting(ExportChannel::batching)
				.containsExactly(ExportBatching.fixed(256, Duration.ofSeconds(1)),
						ExportBatching.fixed(8, Duration.ofSeconds(5))));
	}

	@Test
	void backsOffFromAUserExporter() {
		CelestoExporter own = CelestoExporter.builder().token(KEY).build();
		runner().withPropertyValues("celesto.api-key=" + KEY)
			.withBean("myCelesto", CelestoExporter.class, () -> own)
			.run((context) -> assertThat(context).getBean(CelestoExporter.class).isSameAs(own));
	}

	@Test
	void isOffWhenAutoTracingOrTracingIsDisabled() {
		runner().withPropertyValues("celesto.api-key=" + KEY, "celesto.disable-auto-tracing=true")
			.run((context) -> assertThat(context).doesNotHaveBean(CelestoExporter.class));
		runner().withPropertyValues("celesto.api-key=" + KEY, "tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CelestoExporter.class)
				.doesNotHaveBean(CelestoProperties.class));
	}

	@Test
	void spoolsUnderTheTraceDirectoryByDefault() {
		runner().withPropertyValues("celesto.api-key=" + KEY)
			.run((context) -> assertThat(context.getBean(CelestoExporter.class).spool()).isEqualTo(new SpoolSettings(
					this.traces.resolve(".spool").resolve("celesto"), 100L * 1024 * 1024, Duration.ofSeconds(30))));
	}

	@Test
	void takesTheSpoolFromItsProperties() {
		Path dir = this.traces.resolveSibling("celesto-spool");
		runner()
			.withPropertyValues("celesto.api-key=" + KEY, "celesto.spool.dir=" + dir, "celesto.spool.max-size=2MB",
					"celesto.spool.max-retry-interval=5s")
			.run((context) -> assertThat(context.getBean(CelestoExporter.class).spool())
				.isEqualTo(new SpoolSettings(dir, 2L * 1024 * 1024, Duration.ofSeconds(5))));
	}

	@Test
	void spoolsNothingWhenTheSpoolIsSwitchedOff() {
		runner().withPropertyValues("celesto.api-key=" + KEY, "celesto.spool.enabled=false")
			.run((context) -> assertThat(context.getBean(CelestoExporter.class).spool()).isNull());
	}

	@Test
	void refusesASpoolSizeOrRetryIntervalOutOfRangeNamingTheProperty() {
		runner().withPropertyValues("celesto.spool.max-size=10B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("celesto.spool.max-size"));
		runner().withPropertyValues("celesto.spool.max-retry-interval=2h")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("celesto.spool.max-retry-interval"));
		runner().withPropertyValues("celesto.spool.max-retry-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("celesto.spool.max-retry-interval"));
	}

}
