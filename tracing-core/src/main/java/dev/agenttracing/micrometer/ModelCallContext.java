package dev.agenttracing.micrometer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.observation.Observation;

/**
 * The observation context of a model call: what a {@link ModelCallObservationConvention}
 * and the {@link ModelCallMeterObservationHandler} read.
 */
public class ModelCallContext extends Observation.Context {

	private final RunInfo run;

	private final ModelInvocation call;

	private @Nullable TraceEvent end;

	private ContentOptions content = ContentOptions.NONE;

	public ModelCallContext(RunInfo run, ModelInvocation call) {
		this.run = run;
		this.call = call;
	}

	/** The run that called the model. */
	public RunInfo getRun() {
		return this.run;
	}

	/** The call: model, provider and (redacted, truncated) input. */
	public ModelInvocation getCall() {
		return this.call;
	}

	/** Whether captured content goes on the span. */
	public boolean isIncludeContent() {
		return this.content.includeContent();
	}

	/** Whether the OpenInference keys go on the span too. */
	public boolean isOpenInference() {
		return this.content.openInference();
	}

	ContentOptions content() {
		return this.content;
	}

	void setContent(ContentOptions content) {
		this.content = content;
	}

	/**
	 * The call's {@code ModelCallCompleted} or {@code ModelCallError} event, once it
	 * ended.
	 */
	public @Nullable TraceEvent getEnd() {
		return this.end;
	}

	/** The tokens the call used, once it completed and when the model reported them. */
	public @Nullable TokenUsage getUsage() {
		return (this.end instanceof ModelCallCompleted completed) ? completed.usage() : null;
	}

	void setEnd(TraceEvent end) {
		this.end = end;
	}

}
