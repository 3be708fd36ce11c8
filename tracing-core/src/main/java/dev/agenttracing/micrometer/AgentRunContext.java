package dev.agenttracing.micrometer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.observation.Observation;

/**
 * The observation context of an agent run: what an {@link AgentRunObservationConvention}
 * reads.
 */
public class AgentRunContext extends Observation.Context {

	private final RunInfo run;

	private final @Nullable String model;

	private @Nullable TraceEvent end;

	private ContentOptions content = ContentOptions.NONE;

	private volatile @Nullable String callModel;

	private volatile @Nullable String callProvider;

	public AgentRunContext(RunInfo run, @Nullable String model) {
		this.run = run;
		this.model = model;
	}

	/** The run. */
	public RunInfo getRun() {
		return this.run;
	}

	/** The model the run was started with, if any. */
	public @Nullable String getModel() {
		return this.model;
	}

	/**
	 * The model of the run's first model call that named one: the run's model on its span
	 * when it was started without one.
	 */
	public @Nullable String getCallModel() {
		return this.callModel;
	}

	/** The provider of the run's first model call that named one. */
	public @Nullable String getProvider() {
		return this.callProvider;
	}

	void modelCallStarted(@Nullable String model, @Nullable String provider) {
		if (this.callModel == null && model != null && !model.isEmpty()) {
			this.callModel = model;
		}
		if (this.callProvider == null && provider != null && !provider.isEmpty()) {
			this.callProvider = provider;
		}
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

	/** The run's {@code RunCompleted} or {@code RunError} event, once it ended. */
	public @Nullable TraceEvent getEnd() {
		return this.end;
	}

	void setEnd(TraceEvent end) {
		this.end = end;
	}

}
