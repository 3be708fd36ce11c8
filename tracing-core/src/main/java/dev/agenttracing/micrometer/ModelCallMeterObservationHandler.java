package dev.agenttracing.micrometer;

import java.time.Duration;

import org.slf4j.LoggerFactory;

import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.internal.RateLimitedLog;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the two client metrics of the OpenTelemetry GenAI conventions from model call
 * observations: the timer {@code gen_ai.client.operation.duration} and the distribution
 * summary {@code gen_ai.client.token.usage} (one measurement per call and token type,
 * tagged {@code gen_ai.token.type} {@code input} or {@code output}), both tagged with the
 * observation's low-cardinality keys ({@code gen_ai.operation.name},
 * {@code gen_ai.request.model}, {@code gen_ai.provider.name}, ...). Needs
 * {@code io.micrometer:micrometer-core}.
 *
 * <pre>{@code
 * ObservationRegistry observations = ObservationRegistry.create();
 * observations.observationConfig().observationHandler(new ModelCallMeterObservationHandler(meterRegistry));
 * AgentTracer tracer = AgentTracer.builder()
 *     .listener(new ObservationTracingListener(observations))
 *     .exporter(exporter)
 *     .build();
 * }</pre>
 *
 * A handler of its own rather than metrics derived from the observation's name: the
 * observation is named like the run and tool observations ({@code gen_ai.chat}, whose
 * timer Micrometer's default meter handler records anyway), while these two metrics have
 * the names and units the conventions fix. A meter that cannot be registered (for example
 * because another library registered the same name with another type) is logged once a
 * minute and skipped, never thrown into the application.
 */
public final class ModelCallMeterObservationHandler implements ObservationHandler<ModelCallContext> {

	/** The timer of model call durations. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** The distribution summary of tokens used per call, by {@code gen_ai.token.type}. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	private static final RateLimitedLog log = new RateLimitedLog(
			LoggerFactory.getLogger(ModelCallMeterObservationHandler.class), Duration.ofMinutes(1));

	private final MeterRegistry registry;

	/**
	 * Creates the handler.
	 * @param registry where the meters are registered
	 */
	public ModelCallMeterObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStart(ModelCallContext context) {
		context.put(Timer.Sample.class, Timer.start(this.registry));
	}

	@Override
	public void onStop(ModelCallContext context) {
		try {
			Tags tags = Tags.empty();
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				tags = tags.and(keyValue.getKey(), keyValue.getValue());
			}
			Timer.Sample sample = context.get(Timer.Sample.class);
			if (sample != null) {
				sample.stop(Timer.builder(OPERATION_DURATION)
					.description("Duration of model calls")
					.tags(tags)
					.register(this.registry));
			}
			TokenUsage usage = context.getUsage();
			if (usage != null) {
				tokens(tags, "input", usage.inputTokens());
				tokens(tags, "output", usage.outputTokens());
			}
		}
		catch (RuntimeException ex) {
			log.warn("meters:" + ex.getClass().getName(),
					() -> "Could not record the model call meters (" + ex + "); the application is not affected", ex);
		}
	}

	private void tokens(Tags tags, String type, long count) {
		DistributionSummary.builder(TOKEN_USAGE)
			.description("Tokens used per model call")
			.baseUnit("{token}")
			.tags(tags)
			.tag(GenAiKeys.TOKEN_TYPE, type)
			.register(this.registry)
			.record(count);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ModelCallContext;
	}

}
