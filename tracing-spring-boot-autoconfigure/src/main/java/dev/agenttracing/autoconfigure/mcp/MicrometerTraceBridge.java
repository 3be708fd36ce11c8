package dev.agenttracing.autoconfigure.mcp;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The trace bridge of Micrometer Tracing (OpenTelemetry or Brave): the caller's span is
 * made current as a remote parent, so that the run's observation, started inside, gets a
 * span that is its child in the caller's trace.
 */
final class MicrometerTraceBridge implements TraceBridge {

	private final Tracer tracer;

	MicrometerTraceBridge(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable Boolean currentSampled() {
		Span span = this.tracer.currentSpan();
		return (span != null && !span.isNoop()) ? span.context().sampled() : null;
	}

	@Override
	public ParentScope openParent(String traceId, String spanId, boolean sampled) {
		TraceContext parent = this.tracer.traceContextBuilder()
			.traceId(traceId)
			.spanId(spanId)
			.sampled(sampled)
			.build();
		CurrentTraceContext.Scope scope = this.tracer.currentTraceContext().newScope(parent);
		return scope::close;
	}

}
