package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.export.celesto.CelestoExporter;

import static org.assertj.core.api.Assertions.assertThat;

class TracingPropertiesValidationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, CelestoAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					tracing.batch-size           | 0         | must be at least 1 (allowed values: 1 or more)
					tracing.queue-capacity       | -5        | must be 1 to 1073741824 (allowed values: 1 to 1073741824)
					tracing.queue-capacity       | 1073741825 | must be 1 to 1073741824 (allowed values: 1 to 1073741824)
					tracing.max-field-length     | 10        | must be at least 16 (allowed values: 16 or more)
					tracing.flush-interval       | -1s       | must be a positive duration, such as 5s, 500ms or 500 (milliseconds)
					tracing.flush-interval       | 0         | must be a positive duration, such as 5s, 500ms or 500 (milliseconds)
					tracing.shutdown-timeout     | -2s       | must be a duration of zero or more, such as 5s or 500ms
					tracing.event-filter.exclude | RunFinish | unknown event name; allowed values: RunStarted, RunContent, RunContentCompleted, ToolCallStarted, ToolCallCompleted, ToolCallError, ModelCallStarted, ModelCallCompleted, ModelCallError, ReasoningStep, RunCompleted, RunError
					tracing.event-filter.include | runStarted| unknown event name; allowed values: RunStarted, RunContent, RunContentCompleted, ToolCallStarted, ToolCallCompleted, ToolCallError, ModelCallStarted, ModelCallCompleted, ModelCallError, ReasoningStep, RunCompleted, RunError
					tracing.redaction.patterns   | acme_[    | must be a valid regular expression (Unclosed character class)
					celesto.base-url             | ftp://celesto.internal/v1 | must be an http:// or https:// URL with a host, such as https://api.celesto.ai/v1
					celesto.base-url             | api.celesto.ai/v1 | must be an http:// or https:// URL with a host, such as https://api.celesto.ai/v1
					celesto.base-url             | https:///v1 | must be an http:// or https:// URL with a host, such as https://api.celesto.ai/v1
					celesto.base-url             | https://api.celesto.ai/v1?region=eu | must be an http:// or https:// URL with a host, such as https://api.celesto.ai/v1
					celesto.batch-delay          | -1s       | must be a positive duration, such as 5s, 500ms or 500 (milliseconds)
					celesto.max-batch-size       | 0         | must be at least 1 (allowed values: 1 or more)
					celesto.timeout              | 0s        | must be a positive duration, such as 5s, 500ms or 500 (milliseconds)
					""")
	void failsStartUpNamingTheInvalidPropertyAndWhatItAllows(String property, String value, String reason) {
		runner().withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(property);
					assertThat(ex.getValue()).isEqualTo(expectedValue(property, value));
					assertThat(ex.getReason()).isEqualTo(reason);
				})
				.hasMessageContaining(property);
		});
	}

	private static Object expectedValue(String property, String value) {
		boolean duration = property.endsWith("-interval") || property.endsWith("-timeout")
				|| property.endsWith("-delay") || property.endsWith(".timeout");
		boolean number = property.endsWith("-size") || property.endsWith("-capacity") || property.endsWith("-length");
		return duration ? DurationStyle.detectAndParse(value, ChronoUnit.MILLIS)
				: number ? Integer.valueOf(value) : value;
	}

	@Test
	void failsStartUpOnTheUnknownNameInAListOfEvents() {
		runner().withPropertyValues("tracing.event-filter.exclude=RunContent,ToolCallStart").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage(
						"Property tracing.event-filter.exclude with value 'ToolCallStart' is invalid: unknown event "
								+ "name; allowed values: RunStarted, RunContent, RunContentCompleted, ToolCallStarted, "
								+ "ToolCallCompleted, ToolCallError, ModelCallStarted, ModelCallCompleted, ModelCallError, "
								+ "ReasoningStep, RunCompleted, RunError");
		});
	}

	@Test
	void failsStartUpOnATooShortRedactionLiteralWithoutShowingIt() {
		runner().withPropertyValues("tracing.redaction.literals=long-enough-secret,xyz").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property tracing.redaction.literals[1] with value '(hidden)' is invalid: must have at "
						+ "least 4 characters")
				.hasMessageNotContaining("xyz");
		});
	}

	@Test
	void failsStartUpOnAnUnresolvedApiKeyPlaceholderWithoutShowingIt() {
		runner().withPropertyValues("celesto.api-key=${CELESTO_KEY_THAT_IS_NOT_SET}").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageStartingWith("Property celesto.api-key with value '(an unresolved placeholder)' is invalid")
				.hasMessageNotContaining("CELESTO_KEY_THAT_IS_NOT_SET");
		});
	}

	@Test
	void acceptsTheModelCallEventsInTheEventFilter() {
		runner()
			.withPropertyValues("tracing.event-filter.exclude=ModelCallStarted,ModelCallError",
					"tracing.event-filter.include=RunStarted,ModelCallCompleted,RunCompleted")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void acceptsAZeroShutdownTimeoutAndAnHttpBaseUrl() {
		runner().withPropertyValues("tracing.shutdown-timeout=0", "celesto.base-url=http://localhost:8080/v1/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CelestoProperties celesto = context.getBean(CelestoProperties.class);
				assertThat(endpoint(celesto)).hasToString("http://localhost:8080/v1/traces/ingest");
			});
	}

	private static URI endpoint(CelestoProperties properties) {
		CelestoExporter exporter = properties.exporterBuilder().token("test-key").build();
		exporter.shutdown();
		return exporter.endpoint();
	}

	@Test
	void hasTheDocumentedDefaults() {
		runner().run((context) -> {
			TracingProperties tracing = context.getBean(TracingProperties.class);
			assertThat(tracing.isEnabled()).isTrue();
			assertThat(tracing.getBatchSize()).isEqualTo(1);
			assertThat(tracing.getFlushInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(tracing.getQueueCapacity()).isEqualTo(8192);
			assertThat(tracing.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(tracing.isCaptureContent()).isTrue();
			assertThat(tracing.getMaxFieldLength()).isEqualTo(100_000);
			assertThat(tracing.getJsonl().isEnabled()).isTrue();
			assertThat(tracing.getJsonl().isFlushEach()).isTrue();
			assertThat(tracing.getJsonl().isMirrorStdout()).isFalse();
			assertThat(tracing.getEventFilter().getInclude()).isEmpty();
			assertThat(tracing.getEventFilter().getExclude()).isEmpty();
			assertThat(tracing.getRedaction().isEnabled()).isTrue();
			assertThat(tracing.getRedaction().getPatterns()).isEmpty();
			CelestoProperties celesto = context.getBean(CelestoProperties.class);
			assertThat(celesto.getApiKey()).isNull();
			assertThat(celesto.isDisableAutoTracing()).isFalse();
			assertThat(celesto.getBaseUrl()).isEqualTo("https://api.celesto.ai/v1");
			assertThat(endpoint(celesto)).hasToString("https://api.celesto.ai/v1/traces/ingest");
			assertThat(celesto.getBatchDelay()).isEqualTo(Duration.ofSeconds(1));
			assertThat(celesto.getMaxBatchSize()).isEqualTo(256);
			assertThat(celesto.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(TracingProperties.class).getJsonl().getDir())
				.isEqualTo(Path.of("./traces")));
	}

}
