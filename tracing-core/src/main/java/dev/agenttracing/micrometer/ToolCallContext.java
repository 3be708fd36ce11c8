package dev.agenttracing.micrometer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import io.micrometer.observation.Observation;

/**
 * The observation context of a tool call: what a {@link ToolCallObservationConvention}
 * reads.
 */
public class ToolCallContext extends Observation.Context {

	private final RunInfo run;

	private final ToolInvocation tool;

	private ContentOptions content;

	private @Nullable TraceEvent end;

	public ToolCallContext(RunInfo run, ToolInvocation tool, boolean includeContent) {
		this.run = run;
		this.tool = tool;
		this.content = new ContentOptions(includeContent, false, Integer.MAX_VALUE);
	}

	/** The run that called the tool. */
	public RunInfo getRun() {
		return this.run;
	}

	/** The call: name, id and (redacted, truncated) arguments. */
	public ToolInvocation getTool() {
		return this.tool;
	}

	/** Whether arguments and results may go on the span. */
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
	 * The call's {@code ToolCallCompleted} or {@code ToolCallError} event, once it ended.
	 */
	public @Nullable TraceEvent getEnd() {
		return this.end;
	}

	void setEnd(TraceEvent end) {
		this.end = end;
	}

}
