package dev.agenttracing.micrometer;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.TracingListener;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Turns agent runs, tool calls and model calls into Micrometer observations: one
 * {@code gen_ai.invoke_agent} observation per run, and one {@code gen_ai.execute_tool}
 * per tool call and one {@code gen_ai.chat} ({@code chat {model}}) per model call, its
 * children, each current on the calling thread while the traced method runs, so that HTTP
 * client calls inside a tool become its children in the distributed trace. With a tracing
 * bridge, the W3C ids of these spans are written to every event ({@code otel_trace_id},
 * {@code otel_span_id}).
 *
 * <pre>{@code
 * AgentTracer tracer = AgentTracer.builder()
 *     .listener(new ObservationTracingListener(observationRegistry)
 *         .withCurrentSpanIds(() -> {
 *             Span span = micrometerTracer.currentSpan();
 *             return (span != null) ? new SpanIds(span.context().traceId(), span.context().spanId()) : null;
 *         }))
 *     .exporter(exporter)
 *     .build();
 * }</pre> The Spring Boot starter sets this up when an {@code ObservationRegistry} bean
 * exists.
 */
public final class ObservationTracingListener implements TracingListener {

	private static final DefaultAgentRunObservationConvention DEFAULT_RUN = new DefaultAgentRunObservationConvention();

	private static final DefaultToolCallObservationConvention DEFAULT_TOOL = new DefaultToolCallObservationConvention();

	private static final DefaultModelCallObservationConvention DEFAULT_MODEL = new DefaultModelCallObservationConvention();

	private static final CurrentSpanIds NO_SPAN_IDS = () -> null;

	private final ObservationRegistry registry;

	private final @Nullable AgentRunObservationConvention runConvention;

	private final @Nullable ToolCallObservationConvention toolConvention;

	private final @Nullable ModelCallObservationConvention modelConvention;

	private final ContentOptions content;

	private final CurrentSpanIds currentSpanIds;

	/**
	 * A listener with the default conventions, no content on spans, and no span ids in
	 * events.
	 * @param registry the registry observations are made with
	 */
	public ObservationTracingListener(ObservationRegistry registry) {
		this(registry, null, null, null, ContentOptions.NONE, NO_SPAN_IDS);
	}

	private ObservationTracingListener(ObservationRegistry registry,
			@Nullable AgentRunObservationConvention runConvention,
			@Nullable ToolCallObservationConvention toolConvention,
			@Nullable ModelCallObservationConvention modelConvention, ContentOptions content,
			CurrentSpanIds currentSpanIds) {
		this.registry = registry;
		this.runConvention = runConvention;
		this.toolConvention = toolConvention;
		this.modelConvention = modelConvention;
		this.content = content;
		this.currentSpanIds = currentSpanIds;
	}

	/** This listener with a convention for runs instead of the default one. */
	public ObservationTracingListener withRunConvention(@Nullable AgentRunObservationConvention convention) {
		return new ObservationTracingListener(this.registry, convention, this.toolConvention, this.modelConvention,
				this.content, this.currentSpanIds);
	}

	/** This listener with a convention for tool calls instead of the default one. */
	public ObservationTracingListener withToolConvention(@Nullable ToolCallObservationConvention convention) {
		return new ObservationTracingListener(this.registry, this.runConvention, convention, this.modelConvention,
				this.content, this.currentSpanIds);
	}

	/** This listener with a convention for model calls instead of the default one. */
	public ObservationTracingListener withModelCallConvention(@Nullable ModelCallObservationConvention convention) {
		return new ObservationTracingListener(this.registry, this.runConvention, this.toolConvention, convention,
				this.content, this.currentSpanIds);
	}

	/**
	 * This listener putting captured content on spans (already redacted and truncated): a
	 * run's input and output, a model call's messages ({@code gen_ai.input.messages},
	 * {@code gen_ai.output.messages}, {@code gen_ai.system_instructions}), a tool's
	 * arguments and result.
	 */
	public ObservationTracingListener withIncludeContent(boolean includeContent) {
		return new ObservationTracingListener(this.registry, this.runConvention, this.toolConvention,
				this.modelConvention,
				new ContentOptions(includeContent, this.content.openInference(), this.content.maxLength()),
				this.currentSpanIds);
	}

	/**
	 * This listener putting the OpenInference keys on spans too:
	 * {@code openinference.span.kind} and {@code session.id}, and with content included
	 * {@code input.value} and {@code output.value} (what Arize Phoenix and Langfuse
	 * read).
	 */
	public ObservationTracingListener withOpenInference(boolean openInference) {
		return new ObservationTracingListener(this.registry, this.runConvention, this.toolConvention,
				this.modelConvention,
				new ContentOptions(this.content.includeContent(), openInference, this.content.maxLength()),
				this.currentSpanIds);
	}

	/**
	 * This listener cutting content attributes longer than the given length, with a
	 * visible {@code ... [truncated N characters]} marker.
	 */
	public ObservationTracingListener withMaxAttributeLength(int maxLength) {
		return new ObservationTracingListener(this.registry, this.runConvention, this.toolConvention,
				this.modelConvention,
				new ContentOptions(this.content.includeContent(), this.content.openInference(), maxLength),
				this.currentSpanIds);
	}

	/** This listener reading the ids of the current span, to write them into events. */
	public ObservationTracingListener withCurrentSpanIds(CurrentSpanIds currentSpanIds) {
		return new ObservationTracingListener(this.registry, this.runConvention, this.toolConvention,
				this.modelConvention, this.content, currentSpanIds);
	}

	@Override
	public Handle runStarted(RunInfo run, @Nullable String model) {
		AgentRunContext context = new AgentRunContext(run, model);
		context.setContent(this.content);
		Observation observation = Observation.createNotStarted(this.runConvention, DEFAULT_RUN, () -> context,
				this.registry);
		return open(observation, context::setEnd);
	}

	@Override
	public Handle toolStarted(RunInfo run, Handle runHandle, ToolInvocation tool) {
		ToolCallContext context = new ToolCallContext(run, tool, this.content.includeContent());
		context.setContent(this.content);
		Observation observation = Observation.createNotStarted(this.toolConvention, DEFAULT_TOOL, () -> context,
				this.registry);
		if (runHandle instanceof ObservationHandle parent) {
			observation.parentObservation(parent.observation);
		}
		return open(observation, context::setEnd);
	}

	@Override
	public Handle modelCallStarted(RunInfo run, Handle runHandle, ModelInvocation call) {
		ModelCallContext context = new ModelCallContext(run, call);
		context.setContent(this.content);
		Observation observation = Observation.createNotStarted(this.modelConvention, DEFAULT_MODEL, () -> context,
				this.registry);
		if (runHandle instanceof ObservationHandle parent) {
			observation.parentObservation(parent.observation);
			if (parent.observation.getContext() instanceof AgentRunContext runContext) {
				runContext.modelCallStarted(call.model(), call.provider());
			}
		}
		return open(observation, context::setEnd);
	}

	private Handle open(Observation observation, Consumer<TraceEvent> end) {
		if (observation.isNoop()) {
			return Handle.NONE;
		}
		observation.start();
		Observation.Scope scope = observation.openScope();
		SpanIds ids = null;
		try {
			ids = this.currentSpanIds.get();
		}
		catch (RuntimeException ex) {
			// no ids: the events simply lack them
		}
		return new ObservationHandle(observation, scope, ids, end);
	}

	/**
	 * Reads the ids of the current span of the distributed trace, for example from
	 * Micrometer Tracing.
	 */
	@FunctionalInterface
	public interface CurrentSpanIds {

		/** The current span's ids, or {@code null} when there is none. */
		@Nullable SpanIds get();

	}

	/**
	 * The W3C ids of a span.
	 *
	 * @param traceId the trace id (32 hex digits)
	 * @param spanId the span id (16 hex digits)
	 */
	public record SpanIds(String traceId, String spanId) {
	}

	private static final class ObservationHandle implements Handle {

		final Observation observation;

		private final Observation.Scope scope;

		private final @Nullable SpanIds ids;

		private final Consumer<TraceEvent> end;

		ObservationHandle(Observation observation, Observation.Scope scope, @Nullable SpanIds ids,
				Consumer<TraceEvent> end) {
			this.observation = observation;
			this.scope = scope;
			this.ids = ids;
			this.end = end;
		}

		@Override
		public @Nullable String traceId() {
			return (this.ids != null) ? this.ids.traceId() : null;
		}

		@Override
		public @Nullable String spanId() {
			return (this.ids != null) ? this.ids.spanId() : null;
		}

		@Override
		public void scopeClosed() {
			this.scope.close();
		}

		@Override
		public void ended(TraceEvent event, @Nullable Throwable error) {
			this.end.accept(event);
			if (error != null) {
				this.observation.error(error);
			}
			this.observation.stop();
		}

	}

}
