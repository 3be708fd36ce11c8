package dev.agenttracing.autoconfigure.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Tracer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tool specifications the auto-configuration records, and which beans it adds, as
 * the properties and the class path say.
 */
class McpTracingAutoConfigurationTests {

	private final List<TraceEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
		.withBean("recorder", TraceExporter.class, () -> this.events::addAll)
		.withPropertyValues("tracing.jsonl.enabled=false", "spring.ai.mcp.server.name=weather-server");

	private static final McpSchema.Tool TOOL = McpSchema.Tool.builder("get_weather")
		.inputSchema(Map.of("type", "object"))
		.build();

	private static final CallToolResult SUNNY = CallToolResult.builder().addTextContent("sunny").build();

	private static final McpServerFeatures.SyncToolSpecification STATEFUL = new McpServerFeatures.SyncToolSpecification(
			TOOL, (exchange, request) -> SUNNY);

	private static final McpStatelessServerFeatures.SyncToolSpecification STATELESS = new McpStatelessServerFeatures.SyncToolSpecification(
			TOOL, (context, request) -> SUNNY);

	private static final CallToolRequest REQUEST = CallToolRequest.builder("get_weather")
		.arguments(Map.of("city", "Paris"))
		.build();

	private List<RunStarted> runs(ApplicationContext context) {
		context.getBean(AgentTracer.class).flush(Duration.ofSeconds(5));
		return this.events.stream().filter(RunStarted.class::isInstance).map(RunStarted.class::cast).toList();
	}

	@Test
	void aSingleStatefulSpecificationBeanIsRecorded() {
		this.runner.withBean("tool", McpServerFeatures.SyncToolSpecification.class, () -> STATEFUL).run((context) -> {
			McpServerFeatures.SyncToolSpecification served = context
				.getBean(McpServerFeatures.SyncToolSpecification.class);
			assertThat(served).isNotSameAs(STATEFUL);
			assertThat(served.tool()).isSameAs(TOOL);
			assertThat(served.callHandler().apply(null, REQUEST)).isSameAs(SUNNY);
			assertThat(runs(context)).singleElement().satisfies((run) -> {
				assertThat(run.agentName()).isEqualTo("weather-server");
				assertThat(run.run().sessionId()).isEqualTo(AgentTracer.DEFAULT_SESSION);
			});
		});
	}

	@Test
	void statelessSpecificationsInAListAreRecordedAndOtherElementsLeftAlone() {
		this.runner.withBean("tools", List.class, () -> List.of(STATELESS, "not a tool")).run((context) -> {
			List<?> served = context.getBean("tools", List.class);
			assertThat(served).hasSize(2).element(1).isEqualTo("not a tool");
			McpStatelessServerFeatures.SyncToolSpecification tool = (McpStatelessServerFeatures.SyncToolSpecification) served
				.get(0);
			assertThat(tool).isNotSameAs(STATELESS);
			assertThat(tool.callHandler().apply(McpTransportContext.EMPTY, REQUEST)).isSameAs(SUNNY);
			assertThat(runs(context)).hasSize(1);
		});
	}

	@Test
	void withServerRunsOffSpecificationsAreLeftAsTheyAre() {
		this.runner.withPropertyValues("tracing.mcp.server-runs=false")
			.withBean("tool", McpServerFeatures.SyncToolSpecification.class, () -> STATEFUL)
			.run((context) -> assertThat(context.getBean(McpServerFeatures.SyncToolSpecification.class))
				.isSameAs(STATEFUL));
	}

	@Test
	void theTraceBridgeNeedsAMicrometerTracer() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TraceBridge.class));
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).hasSingleBean(TraceBridge.class));
	}

	@Test
	void withTracingOffNothingIsAdded() {
		this.runner.withPropertyValues("tracing.enabled=false")
			.withBean("tool", McpServerFeatures.SyncToolSpecification.class, () -> STATEFUL)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(McpTracingAutoConfiguration.class);
				assertThat(context.getBean(McpServerFeatures.SyncToolSpecification.class)).isSameAs(STATEFUL);
			});
	}

}
