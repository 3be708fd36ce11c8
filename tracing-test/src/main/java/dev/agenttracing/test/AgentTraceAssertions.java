package dev.agenttracing.test;

/**
 * The entry point of the assertions on captured traces, in AssertJ's style.
 *
 * <pre class="code">
 * import static dev.agenttracing.test.AgentTraceAssertions.assertThat;
 *
 * assertThat(traces).runOf("Support Agent")
 *     .succeeded()
 *     .calledTools("search_knowledge_base", "lookup_ticket")
 *     .neverCalledTool("escalate")
 *     .hasModelCalls(2)
 *     .usedAtMostTokens(500);
 * assertThat(traces.run()).toolCall("lookup_ticket").hasArgument("ticketId", "TCK-1042");
 * assertThat(traces).hasNoFailures();
 * </pre>
 *
 * A failure shows the run's trajectory as a numbered list (see {@link CapturedRun}).
 */
public final class AgentTraceAssertions {

	private AgentTraceAssertions() {
	}

	/** Assertions on every run the current test captured. */
	public static CapturedTracesAssert assertThat(CapturedTraces traces) {
		return new CapturedTracesAssert(traces);
	}

	/** Assertions on one run. */
	public static RunAssert assertThat(CapturedRun run) {
		return new RunAssert(run);
	}

	/** Assertions on one tool call (without the run's trajectory in messages). */
	public static ToolCallAssert assertThat(CapturedToolCall toolCall) {
		return new ToolCallAssert(toolCall, null);
	}

}
