package dev.agenttracing.autoconfigure.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.tracing.Tracer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.ToolContextToMcpMetaConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.autoconfigure.TracingObservationAutoConfiguration;

/**
 * Carries traces across the Model Context Protocol (MCP Java SDK 2.0, Spring AI 2.0's MCP
 * client and server starters).
 * <ul>
 * <li><b>Client</b>: a {@code tools/call} request that Spring AI's MCP tool callbacks
 * send inside a run carries in {@code params._meta} the W3C {@code traceparent} of the
 * tool call's span and the ids of the run and tool call ({@code dev.agenttracing/run_id},
 * {@code /trace_id}, {@code /span_id}, {@code /tool_call_id}); the tool call itself is
 * recorded by the Spring AI integration, with its MCP attributes.</li>
 * <li><b>Server</b>: each call of a tool an MCP server serves (the
 * {@code SyncToolSpecification} beans Spring AI's MCP server collects, stateful or
 * stateless) is a run of its own named for the server
 * ({@code spring.ai.mcp.server.name}); with a caller in {@code _meta} the run records it
 * as its {@code parent} and its span continues the caller's trace.</li>
 * </ul>
 * {@code tracing.mcp.enabled=false} switches all of it off,
 * {@code tracing.mcp.propagation=false} the trace in {@code _meta} (sent and read), and
 * {@code tracing.mcp.server-runs=false} the server's runs.
 */
@AutoConfiguration(after = { TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class }, afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnClass(name = "io.modelcontextprotocol.spec.McpSchema")
@ConditionalOnBean(AgentTracer.class)
@ConditionalOnBooleanProperty(name = "tracing.mcp.enabled", matchIfMissing = true)
public final class McpTracingAutoConfiguration {

	/** The trace of a tool call into the {@code _meta} of its request. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.mcp.ToolContextToMcpMetaConverter")
	@ConditionalOnBooleanProperty(name = "tracing.mcp.propagation", matchIfMissing = true)
	static class ClientConfiguration {

		/**
		 * Spring AI's default converter, for the post-processor to wrap: Spring AI uses a
		 * converter bean only when it is the only one, so the application's own, when it
		 * has one, is wrapped instead of a second one added.
		 */
		@Bean
		@ConditionalOnMissingBean
		ToolContextToMcpMetaConverter agentTracingMcpMetaConverter() {
			return ToolContextToMcpMetaConverter.defaultConverter();
		}

		@Bean
		static BeanPostProcessor agentTracingMcpMetaConverterPostProcessor(ObjectProvider<TraceBridge> bridge) {
			Supplier<TraceBridge> resolved = resolved(bridge);
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof ToolContextToMcpMetaConverter converter
							&& !(bean instanceof TracingMcpMetaConverter)) {
						return new TracingMcpMetaConverter(converter, () -> resolved.get().currentSampled());
					}
					return bean;
				}

			};
		}

	}

	/**
	 * The trace of a tool call as the {@code traceparent} HTTP header of the MCP client's
	 * requests, for the server's HTTP span.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.ai.mcp.customizer.McpClientCustomizer",
			"io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer" })
	@ConditionalOnBooleanProperty(name = "tracing.mcp.propagation", matchIfMissing = true)
	static class HeaderConfiguration {

		/**
		 * Ordered first among the client customizers, so that one of the application's
		 * that sets its own transport-context provider replaces it.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		TraceparentHeader agentTracingMcpTraceparentHeader(ObjectProvider<TraceBridge> bridge) {
			Supplier<TraceBridge> resolved = resolved(bridge);
			return new TraceparentHeader(() -> resolved.get().currentSampled());
		}

	}

	/** Each call of a served tool a run. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.modelcontextprotocol.server.McpServerFeatures")
	@ConditionalOnBooleanProperty(name = "tracing.mcp.server-runs", matchIfMissing = true)
	static class ServerConfiguration {

		@Bean
		static BeanPostProcessor agentTracingMcpToolSpecificationPostProcessor(ObjectProvider<AgentTracer> tracer,
				ObjectProvider<TraceBridge> bridge, Environment environment) {
			Supplier<@Nullable McpServerRuns> runs = memoized(() -> {
				AgentTracer agentTracer = tracer.getIfAvailable();
				if (agentTracer == null) {
					return null;
				}
				String name = environment.getProperty("spring.ai.mcp.server.name", "mcp-server");
				boolean propagation = environment.getProperty("tracing.mcp.propagation", Boolean.class, Boolean.TRUE);
				return new McpServerRuns(agentTracer, name, propagation, bridge.getIfAvailable(() -> TraceBridge.NONE));
			});
			return new ToolSpecificationPostProcessor(runs);
		}

	}

	/** The distributed trace, with Micrometer Tracing. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
	@ConditionalOnBean(type = "io.micrometer.tracing.Tracer")
	static class TraceBridgeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TraceBridge agentTracingMcpTraceBridge(Tracer tracer) {
			return new MicrometerTraceBridge(tracer);
		}

	}

	/**
	 * Wraps the tool specifications an MCP server is built from, single beans or lists,
	 * so that their calls are recorded (a call resolves the tracer when it first comes,
	 * so no bean is created early).
	 */
	static final class ToolSpecificationPostProcessor implements BeanPostProcessor {

		private final Supplier<@Nullable McpServerRuns> runs;

		ToolSpecificationPostProcessor(Supplier<@Nullable McpServerRuns> runs) {
			this.runs = runs;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof List<?> list
					&& list.stream().anyMatch(ToolSpecificationPostProcessor::isSpecification)) {
				List<Object> traced = new ArrayList<>(list.size());
				for (Object element : list) {
					traced.add(traced(element));
				}
				return traced;
			}
			return isSpecification(bean) ? traced(bean) : bean;
		}

		private static boolean isSpecification(@Nullable Object bean) {
			return bean instanceof McpServerFeatures.SyncToolSpecification
					|| bean instanceof McpStatelessServerFeatures.SyncToolSpecification;
		}

		private Object traced(Object element) {
			if (element instanceof McpServerFeatures.SyncToolSpecification specification) {
				return McpServerRuns.traced(specification, this.runs);
			}
			if (element instanceof McpStatelessServerFeatures.SyncToolSpecification specification) {
				return McpServerRuns.traced(specification, this.runs);
			}
			return element;
		}

	}

	/**
	 * The trace bridge, looked up when first asked for (so that no bean is created
	 * early), or {@link TraceBridge#NONE} without a tracing library.
	 */
	static Supplier<TraceBridge> resolved(ObjectProvider<TraceBridge> bridge) {
		return memoized(() -> bridge.getIfAvailable(() -> TraceBridge.NONE));
	}

	/** The value the supplier gives first, asked for once. */
	static <T> Supplier<T> memoized(Supplier<T> supplier) {
		return new Supplier<>() {

			private volatile boolean resolved;

			private @Nullable T value;

			@Override
			// T may be a nullable type: what the supplier gave is returned as it was
			@SuppressWarnings("NullAway")
			public T get() {
				if (!this.resolved) {
					synchronized (this) {
						if (!this.resolved) {
							this.value = supplier.get();
							this.resolved = true;
						}
					}
				}
				return this.value;
			}

		};
	}

}
