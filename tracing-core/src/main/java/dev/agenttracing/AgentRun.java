package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunParent;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;

/**
 * One agent run in progress. While it is open it is the current run of the thread that
 * started it, so tool and model calls started below it on that thread (or on threads
 * given its {@link TracingContext}) become its children. Every method is safe to call
 * from any thread and never throws.
 *
 * <pre>{@code
 * try (AgentRun run = tracer.newRun("Support Agent").model("gpt-5-mini").input(question).start()) {
 *     run.reasoning("Looking up the ticket first", null);
 *     Ticket ticket = tracer.callTool("lookup_ticket", Map.of("id", id), () -> tickets.find(id));
 *     for (String chunk : model.stream(prompt)) {
 *         run.content(chunk);
 *     }
 *     run.contentCompleted();
 *     run.complete(answer, TokenUsage.of(120, 20));
 * }
 * }</pre> Closing a run that was neither completed nor failed completes it without
 * output; use {@link AgentTracer.RunBuilder#call(TracedCall)} to have exceptions
 * recorded.
 */
public final class AgentRun extends AbstractSpan {

	private final RunInfo info;

	private final @Nullable String model;

	/** The input as given. */
	private final @Nullable Object input;

	/** The input sanitized, once it was needed. */
	private volatile @Nullable Object cleanInput;

	private volatile boolean inputCleaned;

	private final Set<String> tools = new LinkedHashSet<>();

	/** The tool added last: calling it again needs no lock. */
	private volatile @Nullable String lastTool;

	private @Nullable TokenUsage modelUsage;

	private @Nullable Scope scope;

	private AgentRun(Pipeline pipeline, RunInfo info, @Nullable String model, @Nullable Object input, Instant startedAt,
			long startNanos, ListenerHandles handles) {
		super(pipeline, startedAt, startNanos, handles, true);
		this.info = info;
		this.model = model;
		this.input = input;
	}

	/**
	 * Starts a run and makes it current on this thread; a run that records its events
	 * without listeners if starting it properly failed.
	 */
	static AgentRun start(Pipeline pipeline, String agentName, @Nullable String model, @Nullable Object input,
			@Nullable String sessionId, @Nullable String groupId, @Nullable Map<String, ?> metadata,
			@Nullable RunParent parent) {
		AgentRun run;
		try {
			RunConfig config = TracingContext.currentConfig();
			String session = (sessionId != null) ? sessionId
					: (config.sessionId() != null) ? config.sessionId() : AgentTracer.DEFAULT_SESSION;
			String group = pipeline.sanitizer().label((groupId != null) ? groupId : config.groupId());
			Map<String, ?> merged = config.merge(new RunConfig(null, null, metadata)).metadata();
			RunInfo info = new RunInfo(Ids.runId(), session, Ids.traceId(), Ids.spanId(), agentName, group,
					pipeline.sanitizer().metadata(merged), null, null, parent);
			ListenerHandles handles = ListenerHandles.runStarted(pipeline.listeners(), info, model);
			if (handles.traceId() != null || handles.spanId() != null) {
				info = info.withOtel(handles.traceId(), handles.spanId());
			}
			run = new AgentRun(pipeline, info, model, input, pipeline.now(), System.nanoTime(), handles);
		}
		catch (Throwable ex) {
			pipeline.failed("run", ex);
			RunInfo info = new RunInfo(Ids.runId(), AgentTracer.DEFAULT_SESSION, Ids.traceId(), Ids.spanId(), agentName,
					null, null);
			run = new AgentRun(pipeline, info, model, null, pipeline.now(), System.nanoTime(), ListenerHandles.EMPTY);
		}
		AgentRun started = run;
		started.emit("RunStarted", (sanitizer) -> new RunStarted(started.startedAt, started.info, started.model,
				started.input(sanitizer)));
		started.scope = TracingContext.openRun(started);
		return started;
	}

	Pipeline pipeline() {
		Pipeline pipeline = this.pipeline;
		if (pipeline == null) {
			throw new IllegalStateException("a run always has a pipeline");
		}
		return pipeline;
	}

	ListenerHandles handles() {
		return this.handles;
	}

	/**
	 * The instant of a {@link System#nanoTime()} reading on the run's clock: its start
	 * plus the monotonic time since, in whole microseconds, as OpenTelemetry's anchored
	 * clock times the spans of a trace. The events of a run so never go back in time, and
	 * a child event reads the clock once.
	 */
	Instant at(long nanos) {
		long micros = Math.max(0, (nanos - this.startNanos) / 1_000);
		return this.startedAt.plusNanos(micros * 1_000);
	}

	/** The run's ids, session, agent, group id and metadata. */
	public RunInfo info() {
		return this.info;
	}

	/** The run's id. */
	public String runId() {
		return this.info.runId();
	}

	/** The run's session id. */
	public String sessionId() {
		return this.info.sessionId();
	}

	/** The model the run was started with, if any. */
	public @Nullable String model() {
		return this.model;
	}

	/** When the run started. */
	public Instant startedAt() {
		return this.startedAt;
	}

	/** Whether the run has completed or failed. */
	public boolean isFinished() {
		return hasEnded();
	}

	/** Records a chunk of streamed output ({@code RunContent}). */
	public void content(String chunk) {
		Instant at = at(System.nanoTime());
		emit("RunContent", (sanitizer) -> new RunContent(at, this.info, text(sanitizer, chunk), "str"));
	}

	/** Records the end of the streamed output ({@code RunContentCompleted}). */
	public void contentCompleted() {
		Instant at = at(System.nanoTime());
		emit("RunContentCompleted", (sanitizer) -> new RunContentCompleted(at, this.info));
	}

	/**
	 * Records a reasoning step ({@code ReasoningStep}).
	 * @param content the step's visible text
	 * @param reasoningContent the reasoning behind it, if the model gives it
	 */
	public void reasoning(@Nullable String content, @Nullable String reasoningContent) {
		Instant at = at(System.nanoTime());
		String stepSpanId = Ids.spanId();
		emit("ReasoningStep", (sanitizer) -> new ReasoningStep(at, this.info, stepSpanId, text(sanitizer, content),
				text(sanitizer, reasoningContent)));
	}

	/**
	 * Starts a tool call as a child of this run.
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable Map<String, ?> arguments) {
		return ToolCall.start(this, name, null, arguments, null);
	}

	/**
	 * Starts a tool call as a child of this run.
	 * @param name the tool's name
	 * @param callId the model's id for the call, or {@code null} to generate one
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable String callId, @Nullable Map<String, ?> arguments) {
		return ToolCall.start(this, name, callId, arguments, null);
	}

	/**
	 * Starts a tool call as a child of this run, with attributes that its protocol tells
	 * of it: they go on its span and into the {@code tool} object of its events.
	 * <pre>{@code
	 * ToolCall call = run.startTool("get_weather", callId, arguments,
	 *         Map.of("mcp.method.name", "tools/call", "mcp.session.id", sessionId));
	 * }</pre>
	 * @param name the tool's name
	 * @param callId the model's id for the call, or {@code null} to generate one
	 * @param arguments the arguments by name
	 * @param attributes keys and values, such as {@code mcp.method.name}; at most 32,
	 * each key at most 128 characters (others are left out), each value redacted and
	 * bounded like a group id
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable String callId, @Nullable Map<String, ?> arguments,
			@Nullable Map<String, String> attributes) {
		return ToolCall.start(this, name, callId, arguments, attributes);
	}

	/**
	 * Starts a model call as a child of this run. <pre>{@code
	 * ModelCall call = run.startModelCall("gpt-5-mini", "openai", messages);
	 * Completion completion = client.complete(messages);
	 * call.complete(completion.text(), TokenUsage.of(completion.inputTokens(), completion.outputTokens()));
	 * }</pre>
	 * @param model the model asked, if known
	 * @param provider who serves the model ({@code openai}, {@code anthropic}, ...), if
	 * known
	 * @param input what is sent (the messages), any value that serializes to JSON
	 * @return the call, to complete or fail
	 */
	public ModelCall startModelCall(@Nullable String model, @Nullable String provider, @Nullable Object input) {
		return ModelCall.start(this, model, provider, input);
	}

	/** Completes the run without output. */
	public void complete() {
		complete(null, null);
	}

	/** Completes the run with its output. */
	@Override
	public void complete(@Nullable Object output) {
		complete(output, null);
	}

	/**
	 * Completes the run ({@code RunCompleted}) and ends its scope on this thread. Later
	 * calls do nothing.
	 * @param output the run's output
	 * @param usage the tokens used, or {@code null} for the sum of the usage of the run's
	 * completed model calls, if any
	 */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage) {
		if (!claimEnd()) {
			return;
		}
		Duration duration = elapsed();
		Instant endedAt = this.startedAt.plus(duration);
		RunMetrics metrics = new RunMetrics((usage != null) ? usage : modelUsage(), duration);
		List<String> tools = toolNames();
		end("RunCompleted", (sanitizer) -> new RunCompleted(endedAt, this.info, this.model, input(sanitizer),
				content(sanitizer, output), tools, metrics), null);
	}

	/**
	 * Fails the run ({@code RunError}) and ends its scope on this thread. Later calls do
	 * nothing.
	 * @param error why it failed
	 */
	@Override
	public void fail(Throwable error) {
		if (!claimEnd()) {
			return;
		}
		Duration duration = elapsed();
		Instant endedAt = this.startedAt.plus(duration);
		RunMetrics metrics = new RunMetrics(modelUsage(), duration);
		List<String> tools = toolNames();
		end("RunError", (sanitizer) -> new RunError(endedAt, this.info, this.model, input(sanitizer), tools,
				message(sanitizer, error), error.getClass().getSimpleName(), metrics), error);
	}

	/** Completes the run without output if it is still open, and ends its scope. */
	@Override
	public void close() {
		complete(null, null);
		endScope();
	}

	/**
	 * Makes this run the current one of the calling thread until the scope closes, for
	 * work on this run that continues on another thread: tool and model calls started
	 * there become its children. <pre>{@code
	 * executor.execute(() -> {
	 *     try (Scope scope = run.makeCurrent()) {
	 *         tracer.callTool("search_kb", Map.of("query", query), () -> kb.search(query));
	 *     }
	 * });
	 * }</pre>
	 * @return the scope that restores the previous context; close it on this thread
	 */
	@Override
	public Scope makeCurrent() {
		return TracingContext.openRun(this);
	}

	/**
	 * Ends this run's scope on the thread that started it, without finishing the run: for
	 * work that finishes later on another thread. Call it on the starting thread when the
	 * method returns, then {@link #complete(Object)} or {@link #fail(Throwable)} from
	 * wherever the work ends. <pre>{@code
	 * AgentRun run = tracer.newRun("Support Agent").input(question).start();
	 * CompletableFuture<String> answer;
	 * try {
	 *     answer = agent.answerAsync(question);   // tools started here are the run's children
	 * }
	 * finally {
	 *     run.detach();
	 * }
	 * answer.whenComplete((result, error) -> {
	 *     if (error != null) run.fail(error); else run.complete(result);
	 * });
	 * }</pre>
	 */
	@Override
	public void detach() {
		endScope();
	}

	@Override
	void closeScope() {
		Scope scope = this.scope;
		if (scope != null) {
			scope.close();
		}
		super.closeScope();
	}

	/** The input as given, or sanitized (once) when a sanitizer is given. */
	private @Nullable Object input(@Nullable ContentSanitizer sanitizer) {
		if (sanitizer == null) {
			return this.input;
		}
		if (!this.inputCleaned) {
			this.cleanInput = sanitizer.content(this.input);
			this.inputCleaned = true;
		}
		return this.cleanInput;
	}

	void toolUsed(String name) {
		if (name.equals(this.lastTool)) {
			return; // already in the set, which only grows
		}
		synchronized (this.tools) {
			this.tools.add(name);
			this.lastTool = name;
		}
	}

	/** Adds a model call's usage to the run's total. */
	void addUsage(TokenUsage usage) {
		synchronized (this.tools) {
			this.modelUsage = (this.modelUsage != null) ? this.modelUsage.plus(usage) : usage;
		}
	}

	private @Nullable TokenUsage modelUsage() {
		synchronized (this.tools) {
			return this.modelUsage;
		}
	}

	private List<String> toolNames() {
		synchronized (this.tools) {
			return List.copyOf(new ArrayList<>(this.tools));
		}
	}

	@Override
	public String toString() {
		return "AgentRun[" + this.info.agentName() + ", runId=" + this.info.runId() + "]";
	}

}
