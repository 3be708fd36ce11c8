package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * Starts agent runs, tool calls and model calls and sends their events to the exporters. Each exporter has its own
 * bounded queue and worker thread; the calling thread only builds events and queues them, never
 * blocks on I/O, and never sees an exception from tracing.
 *
 * <pre>{@code
 * AgentTracer tracer = AgentTracer.builder()
 *     .exporter(new JsonlExporter(Path.of("traces"), true, false))
 *     .filter(event -> !event.event().equals("RunContent"))
 *     .build();
 *
 * String answer = tracer.newRun("Support Agent")
 *     .model("gpt-5-mini")
 *     .input(question)
 *     .sessionId("user-42")
 *     .call(() -> {
 *         Ticket ticket = tracer.callTool("lookup_ticket", Map.of("id", 7), () -> tickets.find(7));
 *         return tracer.callModel("gpt-5-mini", "Summarize: " + ticket, () -> {
 *             Completion completion = llm.complete("Summarize: " + ticket);
 *             AgentTracer.currentModelCall().usage(TokenUsage.of(completion.inputTokens(), completion.outputTokens()));
 *             return completion.text();
 *         });
 *     });
 *
 * tracer.shutdown(Duration.ofSeconds(5)); // exports everything queued
 * }</pre>
 */
public final class AgentTracer implements AutoCloseable {

	/** The session of runs started without one. */
	public static final String DEFAULT_SESSION = "default";

	private static final Logger logger = LoggerFactory.getLogger(AgentTracer.class);

	private static final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofMinutes(1));

	private final List<ExportChannel> channels;

	private final TraceEventFilter filter;

	private final ContentSanitizer sanitizer;

	private final List<TracingListener> listeners;

	private final Duration shutdownTimeout;

	private final AtomicBoolean shutDown = new AtomicBoolean();

	private final @Nullable Thread shutdownHook;

	private AgentTracer(Builder builder) {
		List<TraceEventFilter> filters = List.copyOf(builder.filters);
		this.filter = switch (filters.size()) {
			case 0 -> TraceEventFilter.all();
			case 1 -> filters.get(0);
			default -> event -> {
				for (TraceEventFilter each : filters) {
					if (!each.test(event)) {
						return false;
					}
				}
				return true;
			};
		};
		this.sanitizer = new ContentSanitizer(builder.contentPolicy);
		this.listeners = List.copyOf(builder.listeners);
		this.shutdownTimeout = builder.shutdownTimeout;
		List<ExportChannel> channels = new ArrayList<>();
		Map<String, Integer> names = new HashMap<>();
		for (Map.Entry<TraceExporter, ExporterSettings> entry : builder.exporters.entrySet()) {
			ExporterSettings settings = entry.getValue();
			String base = settings.name();
			int count = names.merge(base, 1, Integer::sum);
			String name = (count == 1) ? base : base + "-" + count;
			channels.add(new ExportChannel(name, entry.getKey(), builder.batching(entry.getKey(), settings),
					builder.queueCapacity));
		}
		this.channels = List.copyOf(channels);
		if (builder.shutdownHook) {
			this.shutdownHook = new Thread(() -> shutdown(this.shutdownTimeout), "agent-tracing-shutdown");
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		else {
			this.shutdownHook = null;
		}
	}

	/** A builder with the defaults: no exporter, batch size 1, flush interval 5 s, queue capacity 8192. */
	public static Builder builder() {
		return new Builder();
	}

	/** The run current on this thread, if any. */
	public static @Nullable AgentRun currentRun() {
		return TracingContext.currentRun();
	}

	/**
	 * Describes a run to start.
	 * @param agentName the agent's name, written as {@code agent_name}
	 * @return the run's builder
	 */
	public RunBuilder newRun(String agentName) {
		return new RunBuilder(this, agentName);
	}

	/**
	 * Starts a tool call as a child of the current run. Outside any run the call is not recorded.
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable Map<String, ?> arguments) {
		AgentRun run = currentRun();
		return (run != null) ? startTool(run, name, null, arguments) : ToolCall.NONE;
	}

	/**
	 * Runs a tool as a child of the current run, recording its result or exception (rethrown unchanged).
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @param body the tool's work
	 * @return what the body returned
	 * @throws E what the body threw
	 */
	public <T, E extends Throwable> T callTool(String name, @Nullable Map<String, ?> arguments, TracedCall<T, E> body)
			throws E {
		ToolCall call = startTool(name, arguments);
		T result;
		try {
			result = body.call();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		call.complete(result);
		return result;
	}

	/**
	 * The model call whose body runs on this thread ({@link #callModel(String, Object, TracedCall)} or a
	 * {@code @TracedModelCall} method), to report usage or the finish reason; a call that records nothing
	 * when there is none.
	 */
	public static ModelCall currentModelCall() {
		return ModelCall.current();
	}

	/**
	 * Starts a model call as a child of the current run. Outside any run the call is not recorded.
	 * @param model the model asked, if known
	 * @param provider who serves the model ({@code openai}, {@code anthropic}, ...), if known
	 * @param input what is sent (the messages), any value that serializes to JSON
	 * @return the call, to complete or fail
	 */
	public ModelCall startModelCall(@Nullable String model, @Nullable String provider, @Nullable Object input) {
		AgentRun run = currentRun();
		return (run != null) ? startModelCall(run, model, provider, input) : ModelCall.NONE;
	}

	/**
	 * Calls a model as a child of the current run, recording what the body returns as the answer or
	 * what it throws (rethrown unchanged). The body reports usage through {@link #currentModelCall()}.
	 * <pre>{@code
	 * String answer = tracer.callModel("gpt-5-mini", messages, () -> {
	 *     Completion completion = llm.complete(messages);
	 *     AgentTracer.currentModelCall()
	 *         .usage(TokenUsage.of(completion.inputTokens(), completion.outputTokens()))
	 *         .finishReason(completion.finishReason());
	 *     return completion.text();
	 * });
	 * }</pre>
	 * @param model the model asked, if known
	 * @param input what is sent (the messages)
	 * @param body the call to the model
	 * @return what the body returned
	 * @throws E what the body threw
	 */
	public <T, E extends Throwable> T callModel(@Nullable String model, @Nullable Object input, TracedCall<T, E> body)
			throws E {
		ModelCall call = startModelCall(model, null, input);
		T result;
		try (Scope scope = call.makeCurrent()) {
			result = body.call();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		call.complete(result);
		return result;
	}

	/**
	 * Exports everything queued so far on every exporter, waiting at most {@code timeout} in all.
	 * @return whether everything was exported in time
	 */
	public boolean flush(Duration timeout) {
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (ExportChannel channel : this.channels) {
			futures.add(channel.flushAsync());
		}
		return awaitAll(futures, timeout);
	}

	/**
	 * Stops taking events, exports everything queued and shuts every exporter down, waiting at most
	 * {@code timeout} in all; an exporter still busy then is interrupted. Later calls do nothing.
	 * @return whether everything was exported and shut down in time
	 */
	public boolean shutdown(Duration timeout) {
		if (!this.shutDown.compareAndSet(false, true)) {
			return true;
		}
		removeShutdownHook();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (ExportChannel channel : this.channels) {
			futures.add(channel.shutdownAsync());
		}
		boolean done = awaitAll(futures, timeout);
		if (!done) {
			for (ExportChannel channel : this.channels) {
				channel.shutdown(Duration.ZERO);
			}
		}
		return done;
	}

	/** Shuts down with the builder's shutdown timeout (5 s by default). */
	@Override
	public void close() {
		shutdown(this.shutdownTimeout);
	}

	/** The counters of each exporter, by exporter name, in the order the exporters were added. */
	public Map<String, ExporterStats> stats() {
		Map<String, ExporterStats> stats = new LinkedHashMap<>();
		for (ExportChannel channel : this.channels) {
			stats.put(channel.name(), channel.stats());
		}
		return Collections.unmodifiableMap(stats);
	}

	/** The export channels, one per exporter. */
	public List<ExportChannel> channels() {
		return this.channels;
	}

	// ---- package-private: used by runs and tool calls ----

	ToolCall startTool(AgentRun run, String name, @Nullable String callId, @Nullable Map<String, ?> arguments) {
		try {
			long startNanos = System.nanoTime();
			Instant now = run.at(startNanos);
			String[] ids = Ids.spanAndToolCallIds();
			ToolInvocation invocation = new ToolInvocation((callId != null) ? callId : ids[1], name, ids[0],
					this.sanitizer.arguments(arguments));
			ListenerHandles handles = run.handles().toolStarted(this.listeners, run.info(), invocation);
			String otelSpanId = handles.spanId();
			if (otelSpanId != null) {
				invocation = invocation.withOtelSpanId(otelSpanId);
			}
			run.toolUsed(name);
			emit(new ToolCallStarted(now, run.info(), invocation));
			return new ToolCall(this, run, invocation, now, startNanos, handles);
		}
		catch (Throwable ex) {
			failed("tool", ex);
			return ToolCall.NONE;
		}
	}

	ModelCall startModelCall(AgentRun run, @Nullable String model, @Nullable String provider, @Nullable Object input) {
		try {
			long startNanos = System.nanoTime();
			Instant now = run.at(startNanos);
			ModelInvocation invocation = new ModelInvocation(Ids.spanId(), model, provider,
					this.sanitizer.content(input));
			ListenerHandles handles = run.handles().modelCallStarted(this.listeners, run.info(), invocation);
			String otelSpanId = handles.spanId();
			if (otelSpanId != null) {
				invocation = invocation.withOtelSpanId(otelSpanId);
			}
			emit(new ModelCallStarted(now, run.info(), invocation));
			return new ModelCall(this, run, invocation, now, startNanos, handles);
		}
		catch (Throwable ex) {
			failed("model call", ex);
			return ModelCall.NONE;
		}
	}

	AgentRun startRun(RunBuilder spec) {
		try {
			RunConfig config = TracingContext.currentConfig();
			String sessionId = firstNonNull(spec.sessionId, config.sessionId(), DEFAULT_SESSION);
			String groupId = (spec.groupId != null) ? spec.groupId : config.groupId();
			Map<String, ?> metadata = config.merge(new RunConfig(null, null, spec.metadata)).metadata();
			RunInfo info = new RunInfo(Ids.runId(), sessionId, Ids.traceId(), Ids.spanId(), spec.agentName, groupId,
					this.sanitizer.metadata(metadata));
			ListenerHandles handles = ListenerHandles.runStarted(this.listeners, info, spec.model);
			if (handles.traceId() != null || handles.spanId() != null) {
				info = info.withOtel(handles.traceId(), handles.spanId());
			}
			Instant now = now();
			long startNanos = System.nanoTime();
			Object input = this.sanitizer.content(spec.input);
			AgentRun run = new AgentRun(this, info, spec.model, input, now, startNanos, handles);
			emit(new RunStarted(now, info, spec.model, input));
			run.makeCurrent();
			return run;
		}
		catch (Throwable ex) {
			failed("run", ex);
			RunInfo info = new RunInfo(Ids.runId(), DEFAULT_SESSION, Ids.traceId(), Ids.spanId(), spec.agentName, null,
					null);
			return new AgentRun(this, info, spec.model, null, now(), System.nanoTime(), ListenerHandles.EMPTY);
		}
	}

	void emit(TraceEvent event) {
		boolean keep;
		try {
			keep = this.filter.test(event);
		}
		catch (Throwable ex) {
			failed("filter", ex);
			keep = true;
		}
		if (keep) {
			for (ExportChannel channel : this.channels) {
				channel.offer(event);
			}
		}
	}

	/** Builds an event, logging and swallowing anything that throws; {@code null} then. */
	@Nullable TraceEvent build(Supplier<TraceEvent> builder) {
		try {
			return builder.get();
		}
		catch (Throwable ex) {
			failed("event", ex);
			return null;
		}
	}

	/** Runs tracing work, logging and swallowing anything it throws. */
	void guard(Runnable work) {
		try {
			work.run();
		}
		catch (Throwable ex) {
			failed("event", ex);
		}
	}

	ContentSanitizer sanitizer() {
		return this.sanitizer;
	}

	Instant now() {
		Instant now = Instant.now();
		int nanos = now.getNano();
		return (nanos % 1_000 == 0) ? now : Instant.ofEpochSecond(now.getEpochSecond(), nanos - nanos % 1_000);
	}

	Duration elapsed(long startNanos) {
		long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
		return Duration.ofNanos(Math.max(0, micros) * 1_000L);
	}

	private void failed(String what, Throwable ex) {
		log.warn("tracer:" + what + ":" + ex.getClass().getName(),
				() -> "Tracing failed to record a " + what + " (" + ex.getClass().getName() + "); the application is "
						+ "not affected",
				ex);
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			throw error;
		}
	}

	private void removeShutdownHook() {
		Thread hook = this.shutdownHook;
		if (hook != null && Thread.currentThread() != hook) {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down
			}
		}
	}

	private static boolean awaitAll(List<CompletableFuture<Void>> futures, Duration timeout) {
		try {
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
				.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	@SafeVarargs
	private static <T> T firstNonNull(@Nullable T... values) {
		for (T value : values) {
			if (value != null) {
				return value;
			}
		}
		throw new IllegalStateException("no value");
	}

	@Override
	public String toString() {
		return "AgentTracer" + this.channels;
	}

	/**
	 * Describes a run before it starts. Session id, group id and metadata default to those of the
	 * current {@link RunConfig} scope; the session to {@value AgentTracer#DEFAULT_SESSION}.
	 */
	public static final class RunBuilder {

		private final AgentTracer tracer;

		private final String agentName;

		private @Nullable String model;

		private @Nullable Object input;

		private @Nullable String sessionId;

		private @Nullable String groupId;

		private @Nullable Map<String, ?> metadata;

		RunBuilder(AgentTracer tracer, String agentName) {
			this.tracer = tracer;
			this.agentName = agentName;
		}

		/** The model the agent uses. */
		public RunBuilder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/** The run's input: a string, or any value that serializes to JSON. */
		public RunBuilder input(@Nullable Object input) {
			this.input = input;
			return this;
		}

		/** The session: one JSONL file per session. */
		public RunBuilder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/** The group id, as Celesto's {@code get_run_config(group_id=...)}. */
		public RunBuilder groupId(@Nullable String groupId) {
			this.groupId = groupId;
			return this;
		}

		/** Metadata, merged over the current scope's. */
		public RunBuilder metadata(@Nullable Map<String, ?> metadata) {
			this.metadata = metadata;
			return this;
		}

		/**
		 * Starts the run and makes it current on this thread until it completes, fails or closes.
		 * @return the run
		 */
		public AgentRun start() {
			return this.tracer.startRun(this);
		}

		/**
		 * Starts the run, calls the body, and completes the run with what it returns or fails it with
		 * what it throws (rethrown unchanged).
		 * @param body the agent's work
		 * @return what the body returned
		 * @throws E what the body threw
		 */
		public <T, E extends Throwable> T call(TracedCall<T, E> body) throws E {
			AgentRun run = start();
			T result;
			try {
				result = body.call();
			}
			catch (Throwable ex) {
				run.fail(ex);
				throw ex;
			}
			run.complete(result);
			return result;
		}

	}

	/** Assembles an {@link AgentTracer}. */
	public static final class Builder {

		private final Map<TraceExporter, ExporterSettings> exporters = new LinkedHashMap<>();

		private final List<TraceEventFilter> filters = new ArrayList<>();

		private final List<TracingListener> listeners = new ArrayList<>();

		private ContentPolicy contentPolicy = ContentPolicy.defaults();

		/** The batching of exporters that declare none. */
		private ExportBatching batching = ExportBatching.fixed(1, Duration.ofSeconds(5));

		private int queueCapacity = 8192;

		private Duration shutdownTimeout = Duration.ofSeconds(5);

		private boolean shutdownHook;

		Builder() {
		}

		/**
		 * Adds an exporter, named after its class, batched as it declares ({@link TraceExporter#batching()})
		 * or else as this builder's {@link #batchSize(int)} and {@link #flushInterval(Duration)} say.
		 */
		public Builder exporter(TraceExporter exporter) {
			return exporter(exporter.getClass().getSimpleName(), exporter);
		}

		/**
		 * Adds an exporter under a name used in logs, thread names and {@link AgentTracer#stats()},
		 * batched as it declares ({@link TraceExporter#batching()}) or else as this builder's
		 * {@link #batchSize(int)} and {@link #flushInterval(Duration)} say.
		 * <pre>{@code
		 * AgentTracer tracer = AgentTracer.builder()
		 *     .exporter("files", new JsonlExporter(Path.of("traces")))        // what is queued, at once
		 *     .exporter("celesto", CelestoExporter.builder().token(apiKey).build()) // 256 or after 1 s
		 *     .exporter("audit", auditExporter)                                // declares none: batch size 1
		 *     .build();
		 * }</pre>
		 */
		public Builder exporter(String name, TraceExporter exporter) {
			this.exporters.put(Objects.requireNonNull(exporter, "exporter"),
					new ExporterSettings(Objects.requireNonNull(name, "name"), null));
			return this;
		}

		/**
		 * Adds an exporter whose channel has this batch size and flush interval, whatever the exporter
		 * declares and the builder's are.
		 * <pre>{@code
		 * AgentTracer tracer = AgentTracer.builder()
		 *     .exporter("files", new JsonlExporter(Path.of("traces")), 64, Duration.ofSeconds(2))
		 *     .build();
		 * }</pre>
		 * @param name the exporter's name, used in logs, thread names and {@link AgentTracer#stats()}
		 * @param exporter the exporter
		 * @param batchSize events per export call for this exporter, at least 1
		 * @param flushInterval the longest a partial batch of this exporter waits, positive
		 * @return this builder
		 */
		public Builder exporter(String name, TraceExporter exporter, int batchSize, Duration flushInterval) {
			ExportBatching batching = ExportBatching.fixed(batchSize, flushInterval);
			this.exporters.put(Objects.requireNonNull(exporter, "exporter"),
					new ExporterSettings(Objects.requireNonNull(name, "name"), batching));
			return this;
		}

		/** Keeps only the events the filter accepts; several filters must all accept. */
		public Builder filter(TraceEventFilter filter) {
			this.filters.add(Objects.requireNonNull(filter, "filter"));
			return this;
		}

		/** Adds a listener that follows runs, tool calls and model calls on the application's threads. */
		public Builder listener(TracingListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/** What content is captured, redacted and truncated. */
		public Builder contentPolicy(ContentPolicy contentPolicy) {
			this.contentPolicy = Objects.requireNonNull(contentPolicy, "contentPolicy");
			return this;
		}

		/**
		 * Events per export call of the exporters that declare no batching of their own, at least 1
		 * (default 1: each event at once).
		 */
		public Builder batchSize(int batchSize) {
			this.batching = ExportBatching.fixed(batchSize, defaultFlushInterval());
			return this;
		}

		/** The longest a partial batch of an exporter that declares no batching waits (default 5 s). */
		public Builder flushInterval(Duration flushInterval) {
			this.batching = ExportBatching.fixed(this.batching.batchSize(), flushInterval);
			return this;
		}

		/** Events each exporter's queue holds before it drops (default 8192; 1 to 2<sup>30</sup>, allocated up front). */
		public Builder queueCapacity(int queueCapacity) {
			this.queueCapacity = ExportChannel.requireCapacity(queueCapacity);
			return this;
		}

		/** How long {@link AgentTracer#close()} and the shutdown hook wait (default 5 s). */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			if (shutdownTimeout.isNegative()) {
				throw new IllegalArgumentException("shutdownTimeout must not be negative but was " + shutdownTimeout);
			}
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Whether a JVM shutdown hook exports what is queued at exit (default false; Spring Boot closes
		 * the tracer with its context instead).
		 */
		public Builder shutdownHook(boolean shutdownHook) {
			this.shutdownHook = shutdownHook;
			return this;
		}

		/** Builds the tracer and starts one worker thread per exporter. */
		public AgentTracer build() {
			return new AgentTracer(this);
		}

		private Duration defaultFlushInterval() {
			Duration flushInterval = this.batching.flushInterval();
			return (flushInterval != null) ? flushInterval : Duration.ofSeconds(5);
		}

		/** The batching given with the exporter, else the one it declares, else the builder's. */
		private ExportBatching batching(TraceExporter exporter, ExporterSettings settings) {
			ExportBatching batching = settings.batching();
			if (batching == null) {
				batching = exporter.batching();
			}
			return (batching != null) ? batching : this.batching;
		}

	}

	/** One exporter's name and, when given with it, its own batching. */
	private record ExporterSettings(String name, @Nullable ExportBatching batching) {
	}

}
