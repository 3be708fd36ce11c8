package dev.agenttracing.test.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.TracingListener;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.test.CapturedTraces;
import dev.agenttracing.test.TraceCapture;

/**
 * Test auto-configuration of {@link AutoConfigureAgentTracing}: a {@link TraceCapture}
 * whose exporter and listener the auto-configured {@link AgentTracer} picks up as beans,
 * and the {@link CapturedTraces} that reads it.
 */
@AutoConfiguration(beforeName = "dev.agenttracing.autoconfigure.TracingAutoConfiguration")
public final class AgentTracingTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceCapture agentTracingCapture() {
		return new TraceCapture();
	}

	@Bean
	TraceExporter agentTracingCaptureExporter(TraceCapture capture) {
		return capture.exporter();
	}

	@Bean
	TracingListener agentTracingCaptureListener(TraceCapture capture) {
		return capture.listener();
	}

	@Bean
	@ConditionalOnMissingBean
	CapturedTraces capturedTraces(TraceCapture capture, ObjectProvider<AgentTracer> tracers) {
		return capture.traces(() -> tracers.orderedStream().toList());
	}

}
