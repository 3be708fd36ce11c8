package dev.agenttracing.micrometer;

/**
 * The key names of the OpenTelemetry GenAI semantic conventions that the default
 * conventions use, plus two of this project's own for going from a span to the trace
 * files.
 */
public final class GenAiKeys {

	/** {@code invoke_agent}, {@code execute_tool} or {@code chat}. */
	public static final String OPERATION_NAME = "gen_ai.operation.name";

	/** The agent's name. */
	public static final String AGENT_NAME = "gen_ai.agent.name";

	/** The model the run was started with, or the model a model call asked. */
	public static final String REQUEST_MODEL = "gen_ai.request.model";

	/** Who serves the model ({@code openai}, {@code anthropic}, ...). */
	public static final String PROVIDER_NAME = "gen_ai.provider.name";

	/** Why the model stopped, for a model call. */
	public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";

	/**
	 * The kind of tokens a {@code gen_ai.client.token.usage} measurement counts:
	 * {@code input} or {@code output}.
	 */
	public static final String TOKEN_TYPE = "gen_ai.token.type";

	/** The session id. */
	public static final String CONVERSATION_ID = "gen_ai.conversation.id";

	/** The tool's name. */
	public static final String TOOL_NAME = "gen_ai.tool.name";

	/** The tool's type, always {@code function}. */
	public static final String TOOL_TYPE = "gen_ai.tool.type";

	/** The tool call's id. */
	public static final String TOOL_CALL_ID = "gen_ai.tool.call.id";

	/** The tool call's arguments as JSON (opt-in content). */
	public static final String TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments";

	/** The tool call's result as JSON (opt-in content). */
	public static final String TOOL_CALL_RESULT = "gen_ai.tool.call.result";

	/** Input tokens used. */
	public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";

	/** Output tokens produced. */
	public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

	/**
	 * What the call's or run's tokens cost, in the currency of the configured prices;
	 * only when the model has a price (the key Langfuse reads).
	 */
	public static final String USAGE_COST = "gen_ai.usage.cost";

	/** The model that answered, as the provider named it in its response. */
	public static final String RESPONSE_MODEL = "gen_ai.response.model";

	/** The provider's id of the answer. */
	public static final String RESPONSE_ID = "gen_ai.response.id";

	/**
	 * The chat history sent to the model, or a run's input as a user message (opt-in
	 * content), as the conventions' JSON messages.
	 */
	public static final String INPUT_MESSAGES = "gen_ai.input.messages";

	/**
	 * What the model answered, or a run's output as an assistant message (opt-in
	 * content), as the conventions' JSON messages.
	 */
	public static final String OUTPUT_MESSAGES = "gen_ai.output.messages";

	/** The system messages sent to the model, as JSON parts (opt-in content). */
	public static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";

	/** OpenInference's span kind: {@code AGENT}, {@code LLM} or {@code TOOL}. */
	public static final String OPENINFERENCE_SPAN_KIND = "openinference.span.kind";

	/** OpenInference's input (opt-in content). */
	public static final String INPUT_VALUE = "input.value";

	/** OpenInference's input type: {@code application/json} or {@code text/plain}. */
	public static final String INPUT_MIME_TYPE = "input.mime_type";

	/** OpenInference's output (opt-in content). */
	public static final String OUTPUT_VALUE = "output.value";

	/** OpenInference's output type: {@code application/json} or {@code text/plain}. */
	public static final String OUTPUT_MIME_TYPE = "output.mime_type";

	/** OpenInference's session id. */
	public static final String SESSION_ID = "session.id";

	/** The exception's simple class name, or {@code none}. */
	public static final String ERROR_TYPE = "error.type";

	/** The run's id in the trace files. */
	public static final String RUN_ID = "agent_tracing.run_id";

	/** The run's trace id in the trace files and at Celesto. */
	public static final String TRACE_ID = "agent_tracing.trace_id";

	/**
	 * The MCP method of a tool call served over the Model Context Protocol
	 * ({@code tools/call}); a call that has it is named {@code tools/call {tool}}.
	 */
	public static final String MCP_METHOD_NAME = "mcp.method.name";

	/** The MCP session of a tool call served over the Model Context Protocol. */
	public static final String MCP_SESSION_ID = "mcp.session.id";

	/** The MCP protocol version the client and server agreed on. */
	public static final String MCP_PROTOCOL_VERSION = "mcp.protocol.version";

	/** The name the MCP server gave in its answer to {@code initialize}. */
	public static final String MCP_SERVER_NAME = "mcp.server.name";

	/** The value of {@link #ERROR_TYPE} when nothing failed. */
	public static final String NONE = "none";

	private GenAiKeys() {
	}

}
