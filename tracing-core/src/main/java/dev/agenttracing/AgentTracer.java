package dev.agenttracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.RunParent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.export.TraceExporter;

/**
 * Starts agent runs, tool calls and model calls and sends their events to the exporters.
 * Each exporter has its own bounded queue and worker thread; the calling thread only
 * builds events and queues them, never blocks on I/O, and never sees an exception from
 * tracing.
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

	private final Pipeline pipeline;

	private final Duration shutdownTimeout;

	private final @Nullable Thread shutdownHook;

	private AgentTracer(Builder builder) {
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
		this.pipeline = new Pipeline(builder.filters, new ContentSanitizer(builder.contentPolicy), builder.listeners,
				channels, builder.pricing);
		this.shutdownTimeout = builder.shutdownTimeout;
		if (builder.shutdownHook) {
			this.shutdownHook = new Thread(() -> shutdown(this.shutdownTimeout), "agent-tracing-shutdown");
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		else {
			this.shutdownHook = null;
		}
	}

	/**
	 * A builder with the defaults: no exporter, batch size 1, flush interval 5 s, queue
	 * capacity 8192.
	 */
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
		return new RunBuilder(this.pipeline, agentName);
	}

	/**
	 * Starts a tool call as a child of the current run. Outside any run the call is not
	 * recorded.
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @return the call, to complete or fail
	 */
	public ToolCall startTool(String name, @Nullable Map<String, ?> arguments) {
		AgentRun run = currentRun();
		return (run != null) ? run.startTool(name, arguments) : ToolCall.NONE;
	}

	/**
	 * Runs a tool as a child of the current run, recording its result or exception
	 * (rethrown unchanged).
	 * @param name the tool's name
	 * @param arguments the arguments by name
	 * @param body the tool's work
	 * @return what the body returned
	 * @throws E what the body threw
	 */
	public <T, E extends Throwable> T callTool(String name, @Nullable Map<String, ?> arguments, TracedCall<T, E> body)
			throws E {
		return startTool(name, arguments).call(body);
	}

	/**
	 * The model call whose body runs on this thread
	 * ({@link #callModel(String, Object, TracedCall)} or a {@code @TracedModelCall}
	 * method), to report usage or the finish reason; a call that records nothing when
	 * there is none.
	 */
	public static ModelCall currentModelCall() {
		return ModelCall.current();
	}

	/**
	 * Starts a model call as a child of the current run. Outside any run the call is not
	 * recorded.
	 * @param model the model asked, if known
	 * @param provider who serves the model ({@code openai}, {@code anthropic}, ...), if
	 * known
	 * @param input what is sent (the messages), any value that serializes to JSON
	 * @return the call, to complete or fail
	 */
	public ModelCall startModelCall(@Nullable String model, @Nullable String provider, @Nullable Object input) {
		AgentRun run = currentRun();
		return (run != null) ? run.startModelCall(model, provider, input) : ModelCall.NONE;
	}

	/**
	 * Calls a model as a child of the current run, recording what the body returns as the
	 * answer or what it throws (rethrown unchanged). The body reports usage through
	 * {@link #currentModelCall()}. <pre>{@code
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
		return startModelCall(model, null, input).call(body);
	}

	/**
	 * Exports everything queued so far on every exporter, waiting at most {@code timeout}
	 * in all.
	 * @return whether everything was exported in time
	 */
	public boolean flush(Duration timeout) {
		return this.pipeline.flush(timeout);
	}

	/**
	 * Stops taking events, exports everything queued and shuts every exporter down,
	 * waiting at most {@code timeout} in all; an exporter still busy then is interrupted.
	 * Later calls do nothing.
	 * @return whether everything was exported and shut down in time
	 */
	public boolean shutdown(Duration timeout) {
		if (this.pipeline.isShutDown()) {
			return true;
		}
		removeShutdownHook();
		return this.pipeline.shutdown(timeout);
	}

	/** Shuts down with the builder's shutdown timeout (5 s by default). */
	@Override
	public void close() {
		shutdown(this.shutdownTimeout);
	}

	/**
	 * The counters of each exporter, by exporter name, in the order the exporters were
	 * added.
	 */
	public Map<String, ExporterStats> stats() {
		return this.pipeline.stats();
	}

	/** The export channels, one per exporter. */
	public List<ExportChannel> channels() {
		return this.pipeline.channels();
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

	@Override
	public String toString() {
		return "AgentTracer" + this.pipeline;
	}

	/**
	 * Describes a run before it starts. Session id, group id and metadata default to
	 * those of the current {@link RunConfig} scope; the session to
	 * {@value AgentTracer#DEFAULT_SESSION}.
	 */
	public static final class RunBuilder {

		private final Pipeline pipeline;

		private final String agentName;

		private @Nullable String model;

		private @Nullable Object input;

		private @Nullable String sessionId;

		private @Nullable String groupId;

		private @Nullable Map<String, ?> metadata;

		private @Nullable RunParent parent;

		RunBuilder(Pipeline pipeline, String agentName) {
			this.pipeline = pipeline;
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
		 * The caller in another process this run continues: written to its
		 * {@code RunStarted} event as {@code parent}. Making the run's span a child of
		 * the caller's span in the distributed trace is the tracing bridge's work (the
		 * Spring Boot starter does both for the Model Context Protocol).
		 */
		public RunBuilder parent(@Nullable RunParent parent) {
			this.parent = parent;
			return this;
		}

		/**
		 * Starts the run and makes it current on this thread until it completes, fails or
		 * closes.
		 * @return the run
		 */
		public AgentRun start() {
			return AgentRun.start(this.pipeline, this.agentName, this.model, this.input, this.sessionId, this.groupId,
					this.metadata, this.parent);
		}

		/**
		 * Starts the run, calls the body, and completes the run with what it returns or
		 * fails it with what it throws (rethrown unchanged).
		 * @param body the agent's work
		 * @return what the body returned
		 * @throws E what the body threw
		 */
		public <T, E extends Throwable> T call(TracedCall<T, E> body) throws E {
			return start().call(body);
		}

	}

	/** Assembles an {@link AgentTracer}. */
	public static final class Builder {

		private final Map<TraceExporter, ExporterSettings> exporters = new LinkedHashMap<>();

		private final List<TraceEventFilter> filters = new ArrayList<>();

		private final List<TracingListener> listeners = new ArrayList<>();

		private ContentPolicy contentPolicy = ContentPolicy.defaults();

		private @Nullable ModelPricing pricing;

		/** The batching of exporters that declare none. */
		private ExportBatching batching = ExportBatching.fixed(1, Duration.ofSeconds(5));

		private int queueCapacity = 8192;

		private Duration shutdownTimeout = Duration.ofSeconds(5);

		private boolean shutdownHook;

		Builder() {
		}

		/**
		 * Adds an exporter, named after its class, batched as it declares
		 * ({@link TraceExporter#batching()}) or else as this builder's
		 * {@link #batchSize(int)} and {@link #flushInterval(Duration)} say.
		 */
		public Builder exporter(TraceExporter exporter) {
			return exporter(exporter.getClass().getSimpleName(), exporter);
		}

		/**
		 * Adds an exporter under a name used in logs, thread names and
		 * {@link AgentTracer#stats()}, batched as it declares
		 * ({@link TraceExporter#batching()}) or else as this builder's
		 * {@link #batchSize(int)} and {@link #flushInterval(Duration)} say. <pre>{@code
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
		 * Adds an exporter whose channel has this batch size and flush interval, whatever
		 * the exporter declares and the builder's are. <pre>{@code
		 * AgentTracer tracer = AgentTracer.builder()
		 *     .exporter("files", new JsonlExporter(Path.of("traces")), 64, Duration.ofSeconds(2))
		 *     .build();
		 * }</pre>
		 * @param name the exporter's name, used in logs, thread names and
		 * {@link AgentTracer#stats()}
		 * @param exporter the exporter
		 * @param batchSize events per export call for this exporter, at least 1
		 * @param flushInterval the longest a partial batch of this exporter waits,
		 * positive
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

		/**
		 * Adds a listener that follows runs, tool calls and model calls on the
		 * application's threads.
		 */
		public Builder listener(TracingListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * What model calls cost: their usage gets a cost, and runs the sum of their
		 * calls' costs. Without pricing (the default) nothing has a cost.
		 * @param pricing the pricing, or {@code null} for none
		 * @return this builder
		 */
		public Builder pricing(@Nullable ModelPricing pricing) {
			this.pricing = pricing;
			return this;
		}

		/** What content is captured, redacted and truncated. */
		public Builder contentPolicy(ContentPolicy contentPolicy) {
			this.contentPolicy = Objects.requireNonNull(contentPolicy, "contentPolicy");
			return this;
		}

		/**
		 * Events per export call of the exporters that declare no batching of their own,
		 * at least 1 (default 1: each event at once).
		 */
		public Builder batchSize(int batchSize) {
			this.batching = ExportBatching.fixed(batchSize, defaultFlushInterval());
			return this;
		}

		/**
		 * The longest a partial batch of an exporter that declares no batching waits
		 * (default 5 s).
		 */
		public Builder flushInterval(Duration flushInterval) {
			this.batching = ExportBatching.fixed(this.batching.batchSize(), flushInterval);
			return this;
		}

		/**
		 * Events each exporter's queue holds before it drops (default 8192; 1 to
		 * 2<sup>30</sup>, allocated up front).
		 */
		public Builder queueCapacity(int queueCapacity) {
			this.queueCapacity = ExportChannel.requireCapacity(queueCapacity);
			return this;
		}

		/**
		 * How long {@link AgentTracer#close()} and the shutdown hook wait (default 5 s).
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			if (shutdownTimeout.isNegative()) {
				throw new IllegalArgumentException("shutdownTimeout must not be negative but was " + shutdownTimeout);
			}
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Whether a JVM shutdown hook exports what is queued at exit (default false;
		 * Spring Boot closes the tracer with its context instead).
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

		/**
		 * The batching given with the exporter, else the one it declares, else the
		 * builder's.
		 */
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
