package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.micrometer.AgentRunObservationConvention;
import dev.agenttracing.micrometer.DefaultAgentRunObservationConvention;
import dev.agenttracing.micrometer.DefaultModelCallObservationConvention;
import dev.agenttracing.micrometer.ModelCallObservationConvention;
import dev.agenttracing.micrometer.DefaultToolCallObservationConvention;
import dev.agenttracing.micrometer.ObservationTracingListener;
import dev.agenttracing.micrometer.ObservationTracingListener.CurrentSpanIds;
import dev.agenttracing.micrometer.ObservationTracingListener.SpanIds;
import dev.agenttracing.micrometer.ToolCallObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Auto-configuration of the Micrometer bridge: with an {@link ObservationRegistry} bean,
 * runs, tool calls and model calls become {@code gen_ai.invoke_agent},
 * {@code gen_ai.execute_tool} and {@code gen_ai.chat} observations (spans of the
 * distributed trace with a tracing bridge, timers with a meter registry), current while
 * the traced method runs. With Micrometer Tracing, the W3C trace and span ids are written
 * to every event. Off with {@code tracing.observations.enabled=false} or
 * {@code tracing.enabled=false}.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationRegistry.class)
@EnableConfigurationProperties(TracingProperties.class)
public final class TracingObservationAutoConfiguration {

	/** Runs and tool calls as observations. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "tracing.observations.enabled", matchIfMissing = true)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AgentRunObservationConvention agentRunObservationConvention() {
			return new DefaultAgentRunObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		ToolCallObservationConvention toolCallObservationConvention() {
			return new DefaultToolCallObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		ModelCallObservationConvention modelCallObservationConvention() {
			return new DefaultModelCallObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		ObservationTracingListener observationTracingListener(ObservationRegistry registry,
				AgentRunObservationConvention runConvention, ToolCallObservationConvention toolConvention,
				ModelCallObservationConvention modelConvention, TracingProperties properties,
				ObjectProvider<CurrentSpanIds> currentSpanIds) {
			ObservationTracingListener listener = new ObservationTracingListener(registry)
				.withRunConvention(runConvention)
				.withToolConvention(toolConvention)
				.withModelCallConvention(modelConvention)
				.withIncludeContent(properties.getObservations().isIncludeContent())
				.withOpenInference(properties.getObservations().isOpenInference())
				.withMaxAttributeLength(properties.getMaxFieldLength());
			CurrentSpanIds ids = currentSpanIds.getIfUnique();
			return (ids != null) ? listener.withCurrentSpanIds(ids) : listener;
		}

		/**
		 * The ids of Micrometer Tracing's current span, written to events as
		 * otel_trace_id / otel_span_id.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(Tracer.class)
		@ConditionalOnBean(Tracer.class)
		static class SpanIdsConfiguration {

			@Bean
			ObservationFilter agentTracingTypedSpanAttributes() {
				return new TypedSpanAttributes();
			}

			@Bean
			@ConditionalOnMissingBean
			CurrentSpanIds micrometerTracingSpanIds(Tracer tracer) {
				return () -> {
					Span span = tracer.currentSpan();
					return (span != null && !span.isNoop())
							? new SpanIds(span.context().traceId(), span.context().spanId()) : null;
				};
			}

		}

	}

}
