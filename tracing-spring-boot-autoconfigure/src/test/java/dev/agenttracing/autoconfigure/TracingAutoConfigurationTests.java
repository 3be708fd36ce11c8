package dev.agenttracing.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.aop.TracingAspect;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.NoOpExporter;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.jsonl.JsonlExporter;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TracingAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingAopAutoConfiguration.class,
					CelestoAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void createsTracerJsonlExporterContentPolicyAndAdvisorByDefault() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(AgentTracer.class)
				.hasSingleBean(JsonlExporter.class)
				.hasSingleBean(ContentPolicy.class)
				.hasSingleBean(TracingAdvisor.class)
				.doesNotHaveBean(TracingAspect.class)
				.hasSingleBean(TracingProperties.class)
				.hasSingleBean(CelestoProperties.class);
			assertThat(context.getBean(AgentTracer.class).stats()).containsOnlyKeys("JsonlExporter");
			assertThat(context.getBean(JsonlExporter.class).traceDir()).isEqualTo(this.traces.toAbsolutePath());
			assertThat(context.getBean(ContentPolicy.class)).isEqualTo(ContentPolicy.defaults());
		});
	}

	@Test
	void writesJsonlFilesToTheTracesDirectoryOfTheCurrentDirectoryByDefault() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(JsonlExporter.class).traceDir())
				.isEqualTo(Path.of("traces").toAbsolutePath()));
	}

	@Test
	void appliesThePropertiesToTheExportersAndTheContentPolicy() {
		runner()
			.withPropertyValues("tracing.jsonl.flush-each=false", "tracing.jsonl.mirror-stdout=true",
					"tracing.capture-content=false", "tracing.redaction.enabled=false",
					"tracing.redaction.patterns=acme_[a-z0-9]{32}", "tracing.max-field-length=2000")
			.run((context) -> {
				assertThat(context.getBean(JsonlExporter.class))
					.hasToString("JsonlExporter[" + this.traces.toAbsolutePath() + ", mirrorStdout]");
				ContentPolicy policy = context.getBean(ContentPolicy.class);
				assertThat(policy.captureContent()).isFalse();
				assertThat(policy.redact()).isFalse();
				assertThat(policy.redactionPatterns()).contains("acme_[a-z0-9]{32}")
					.containsAll(ContentPolicy.DEFAULT_REDACTION_PATTERNS);
				assertThat(policy.maxFieldLength()).isEqualTo(2000);
			});
	}

	@Test
	void feedsEveryTraceExporterBeanInTheirOrder() {
		runner().withUserConfiguration(ExportersConfiguration.class).run((context) -> {
			assertThat(context.getBean(AgentTracer.class).stats()).containsOnlyKeys("JsonlExporter",
					"RecordingExporter", "NoOpExporter");
			assertThat(context.getBean(AgentTracer.class).stats().keySet()).containsSubsequence("RecordingExporter",
					"NoOpExporter");
		});
	}

	@Test
	void appliesBuilderCustomizers() {
		AtomicBoolean customized = new AtomicBoolean();
		runner().withBean(AgentTracerBuilderCustomizer.class, () -> (builder) -> {
			customized.set(true);
			builder.exporter("custom", new NoOpExporter());
		}).run((context) -> {
			assertThat(customized).isTrue();
			assertThat(context.getBean(AgentTracer.class).stats()).containsKeys("JsonlExporter", "custom");
		});
	}

	@Test
	void exportsWhatIsQueuedToTheJsonlFilesUnlessABatchSizeIsSet() {
		runner().run((context) -> assertThat(context.getBean(AgentTracer.class).channels()).singleElement()
			.extracting(ExportChannel::batching)
			.isEqualTo(ExportBatching.queued(JsonlExporter.MAX_BATCH_SIZE)));
		runner().withPropertyValues("tracing.batch-size=1")
			.run((context) -> assertThat(context.getBean(AgentTracer.class).channels()).singleElement()
				.extracting(ExportChannel::batching)
				.isEqualTo(ExportBatching.fixed(1, Duration.ofSeconds(5))));
		runner().withPropertyValues("tracing.batch-size=64", "tracing.flush-interval=2s")
			.run((context) -> assertThat(context.getBean(AgentTracer.class).channels()).singleElement()
				.extracting(ExportChannel::batching)
				.isEqualTo(ExportBatching.fixed(64, Duration.ofSeconds(2))));
	}

	@Test
	void batchesAnExporterBeanThatDeclaresNothingByTheBatchSizeProperty() {
		runner().withPropertyValues("tracing.jsonl.enabled=false", "tracing.flush-interval=3s")
			.withBean(RecordingExporter.class, RecordingExporter::new)
			.run((context) -> assertThat(context.getBean(AgentTracer.class).channels()).singleElement()
				.extracting(ExportChannel::batching)
				.isEqualTo(ExportBatching.fixed(1, Duration.ofSeconds(3))));
	}

	@Test
	void backsOffFromAUserTracer() {
		runner().withBean("myTracer", AgentTracer.class, () -> AgentTracer.builder().build(), (definition) -> {
			definition.setDestroyMethodName("close");
		}).run((context) -> {
			assertThat(context).hasSingleBean(AgentTracer.class).hasBean("myTracer");
			assertThat(context.getBean(TracingAdvisor.class)).isNotNull();
		});
	}

	@Test
	void backsOffFromAUserAdvisor() {
		TracingAdvisor advisor = new TracingAdvisor(AgentTracer.builder().build());
		runner().withBean("myAdvisor", TracingAdvisor.class, () -> advisor)
			.run((context) -> assertThat(context).getBean(TracingAdvisor.class).isSameAs(advisor));
	}

	@Test
	void backsOffFromAUserJsonlExporterContentPolicyAndAspect(@TempDir Path other) {
		JsonlExporter exporter = new JsonlExporter(other);
		ContentPolicy policy = ContentPolicy.defaults().withMaxFieldLength(50);
		runner().withBean("myJsonl", JsonlExporter.class, () -> exporter)
			.withBean("myPolicy", ContentPolicy.class, () -> policy)
			.withBean("myAspect", TracingAspect.class, () -> new TracingAspect(AgentTracer.builder().build()))
			.run((context) -> {
				assertThat(context).getBean(JsonlExporter.class).isSameAs(exporter);
				assertThat(context).getBean(ContentPolicy.class).isSameAs(policy);
				assertThat(context).hasSingleBean(TracingAspect.class)
					.hasBean("myAspect")
					.doesNotHaveBean(TracingAdvisor.class);
			});
	}

	@Test
	void createsNoTracingBeansWhenDisabled() {
		runner().withPropertyValues("tracing.enabled=false")
			.withUserConfiguration(ExportersConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AgentTracer.class)
					.doesNotHaveBean(JsonlExporter.class)
					.doesNotHaveBean(ContentPolicy.class)
					.doesNotHaveBean(TracingAdvisor.class)
					.doesNotHaveBean(TracingProperties.class)
					.doesNotHaveBean(CelestoProperties.class);
			});
	}

	@Test
	void leavesJsonlFilesOutWhenDisabled() {
		runner().withPropertyValues("tracing.jsonl.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(JsonlExporter.class).hasSingleBean(AgentTracer.class);
			assertThat(context.getBean(AgentTracer.class).stats()).isEmpty();
		});
	}

	@Test
	void createsTheAdvisorWithoutAspectJ() {
		runner().withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AgentTracer.class).hasSingleBean(TracingAdvisor.class);
			assertThat(context.getBeanFactory().getBeanDefinition("tracingAdvisor").getRole())
				.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		});
	}

	@Test
	void needsNoReactor() {
		runner().withClassLoader(new FilteredClassLoader("reactor.")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AgentTracer.class).hasSingleBean(TracingAdvisor.class);
		});
	}

	@Test
	void exportsEverythingQueuedAndShutsTheExportersDownWhenTheContextCloses() {
		RecordingExporter exporter = new RecordingExporter();
		runner().withPropertyValues("tracing.batch-size=100", "tracing.flush-interval=60s")
			.withBean(RecordingExporter.class, () -> exporter)
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.newRun("Agent").call(() -> "done");
				assertThat(exporter.events()).isEmpty();
				context.close();
				assertThat(exporter.names()).containsExactly("RunStarted", "RunCompleted");
				assertThat(exporter.isShutDown()).isTrue();
			});
	}

	@Test
	void logsOneLineNamingTheExportersAndTheTraceDirectoryButNeverTheKey(CapturedOutput output) {
		runner()
			.withPropertyValues("celesto.api-key=cel_supersecret0123456789", "celesto.base-url=http://127.0.0.1:9/v1")
			.withUserConfiguration(ExportersConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("Agent tracing started")
					.contains("Agent tracing started: exporters [RecordingExporter, NoOpExporter, CelestoExporter, "
							+ "JsonlExporter], trace directory " + this.traces.toAbsolutePath())
					.doesNotContain("cel_supersecret0123456789");
				assertThat(context.getBean(CelestoProperties.class).toString()).doesNotContain("supersecret");
			});
	}

	@Test
	void flushIntervalOfAPlainNumberIsInMilliseconds() {
		runner().withPropertyValues("tracing.flush-interval=250", "tracing.shutdown-timeout=2s").run((context) -> {
			TracingProperties properties = context.getBean(TracingProperties.class);
			assertThat(properties.getFlushInterval()).isEqualTo(Duration.ofMillis(250));
			assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void createsNoFilesBeforeTheFirstEvent() {
		runner().run((context) -> assertThat(Files.list(this.traces)).isEmpty());
	}

	@Configuration(proxyBeanMethods = false)
	static class ExportersConfiguration {

		@Bean
		@Order(2)
		TraceExporter noOpExporter() {
			return new NoOpExporter();
		}

		@Bean
		@Order(1)
		RecordingExporter recordingExporter() {
			return new RecordingExporter();
		}

	}

}
