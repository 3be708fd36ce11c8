package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;

/**
 * One agent run in progress. While it is open it is the current run of the thread that started it,
 * so tool and model calls started below it on that thread (or on threads given its {@link TracingContext})
 * become its children. Every method is safe to call from any thread and never throws.
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
 * }</pre>
 * Closing a run that was neither completed nor failed completes it without output; use
 * {@link AgentTracer.RunBuilder#call(java.util.concurrent.Callable)} to have exceptions recorded.
 */
public final class AgentRun implements AutoCloseable {

	private final AgentTracer tracer;

	private final RunInfo info;

	private final @Nullable String model;

	private final @Nullable Object input;

	private final Instant startedAt;

	private final long startNanos;

	private final Set<String> tools = new LinkedHashSet<>();

	/** The tool added last: calling it again needs no lock. */
	private volatile @Nullable String lastTool;

	private final AtomicBoolean finished = new AtomicBoolean();

	private final ListenerHandles handles;

	private final Thread owner = Thread.currentThread();

	private final AtomicBoolean scopeOpen = new AtomicBoolean();

	private @Nullable TokenUsage modelUsage;

	private @Nullable Scope scope;

	AgentRun(AgentTracer tracer, RunInfo info, @Nullable String model, @Nullable Object input, Instant startedAt,
			long startNanos, ListenerHandles handles) {
		this.tracer = tracer;
		this.info = info;
		this.model = model;
		this.input = input;
		this.startedAt = startedAt;
		this.startNanos = startNanos;
		this.handles = handles;
	}

	void makeCurrent() {
		this.scope = TracingContext.openRun(this);
		this.scopeOpen.set(true);
	}

	ListenerHandles handles() {
		return this.handles;
	}

	/** Now on the run's clock: see {@link #at(long)}. */
	Instant now() {
		return at(System.nanoTime());
	}

	/**
	 * The instant of a {@link System#nanoTime()} reading on the run's clock: its start plus the
	 * monotonic time since, in whole microseconds, as OpenTelemetry's anchored clock times the spans of
	 * a trace. The events of a run so never go back in time, and a child event reads the clock once.
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
		return this.finished.get();
	}

	/** Records a chunk of streamed output ({@code RunContent}). */
	public void content(String chunk) {
		this.tracer.guard(() -> {
			this.tracer.emit(new RunContent(now(), this.info, this.tracer.sanitizer().text(chunk), "str"));
		});
	}

	/** Records the end of the streamed output ({@code RunContentCompleted}). */
	public void contentCompleted() {
		this.tracer.guard(() -> this.tracer.emit(new RunContentCompleted(now(), this.info)));
	}

	/**
	 * Records a reasoning step ({@code ReasoningStep}).
	 * @param content the step's visible text
	 * @param reasoningContent the reasoning behind it, if the model gives it
	 */
	public void reasoning(@Nullable String content, @Nullable String reasoningContent) {
		this.tracer.guard(() -> {
			ContentSanitizer sanitizer = this.tracer.sanitizer();
			this.tracer.emit(new ReasoningStep(now(), this.info, Ids.spanId(), sanitizer.text(content),
					sanitizer.text(reasoningContent)));
		});
	}

	/**
	 * Starts a tool call as a child of this run.
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable Map<String, ?> arguments) {
		return startTool(name, null, arguments);
	}

	/**
	 * Starts a tool call as a child of this run.
	 * @param name the tool's name
	 * @param callId the model's id for the call, or {@code null} to generate one
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable String callId, @Nullable Map<String, ?> arguments) {
		return this.tracer.startTool(this, name, callId, arguments);
	}

	/**
	 * Starts a model call as a child of this run.
	 * <pre>{@code
	 * ModelCall call = run.startModelCall("gpt-5-mini", "openai", messages);
	 * Completion completion = client.complete(messages);
	 * call.complete(completion.text(), TokenUsage.of(completion.inputTokens(), completion.outputTokens()));
	 * }</pre>
	 * @param model the model asked, if known
	 * @param provider who serves the model ({@code openai}, {@code anthropic}, ...), if known
	 * @param input what is sent (the messages), any value that serializes to JSON
	 * @return the call, to complete or fail
	 */
	public ModelCall startModelCall(@Nullable String model, @Nullable String provider, @Nullable Object input) {
		return this.tracer.startModelCall(this, model, provider, input);
	}

	/** Completes the run without output. */
	public void complete() {
		complete(null, null);
	}

	/** Completes the run with its output. */
	public void complete(@Nullable Object output) {
		complete(output, null);
	}

	/**
	 * Completes the run ({@code RunCompleted}) and ends its scope on this thread. Later calls do nothing.
	 * @param output the run's output
	 * @param usage the tokens used, or {@code null} for the sum of the usage of the run's completed model
	 * calls, if any
	 */
	public void complete(@Nullable Object output, @Nullable TokenUsage usage) {
		if (!this.finished.compareAndSet(false, true)) {
			return;
		}
		finish(this.tracer.build(() -> {
			Duration duration = this.tracer.elapsed(this.startNanos);
			TokenUsage total = (usage != null) ? usage : modelUsage();
			return new RunCompleted(this.startedAt.plus(duration), this.info, this.model, this.input,
					this.tracer.sanitizer().content(output), toolNames(), new RunMetrics(total, duration));
		}), null);
	}

	/**
	 * Fails the run ({@code RunError}) and ends its scope on this thread. Later calls do nothing.
	 * @param error why it failed
	 */
	public void fail(Throwable error) {
		if (!this.finished.compareAndSet(false, true)) {
			return;
		}
		finish(this.tracer.build(() -> {
			Duration duration = this.tracer.elapsed(this.startNanos);
			return new RunError(this.startedAt.plus(duration), this.info, this.model, this.input, toolNames(),
					this.tracer.sanitizer().message(error), error.getClass().getSimpleName(),
					new RunMetrics(modelUsage(), duration));
		}), error);
	}

	private void finish(@Nullable TraceEvent event, @Nullable Throwable error) {
		endScope();
		if (event != null) {
			this.handles.ended(event, error);
			this.tracer.emit(event);
		}
	}

	/** Completes the run without output if it is still open, and ends its scope. */
	@Override
	public void close() {
		complete(null, null);
		endScope();
	}

	/**
	 * Ends this run's scope on the thread that started it, without finishing the run: for work that
	 * finishes later on another thread. Call it on the starting thread when the method returns, then
	 * {@link #complete(Object)} or {@link #fail(Throwable)} from wherever the work ends.
	 * <pre>{@code
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
	public void detach() {
		endScope();
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

	/** Ends the scope, once, and only on the starting thread (scopes are thread-bound). */
	private void endScope() {
		if (Thread.currentThread() != this.owner || !this.scopeOpen.compareAndSet(true, false)) {
			return;
		}
		Scope scope = this.scope;
		if (scope != null) {
			scope.close();
		}
		this.handles.scopeClosed();
	}

	@Override
	public String toString() {
		return "AgentRun[" + this.info.agentName() + ", runId=" + this.info.runId() + "]";
	}

}
