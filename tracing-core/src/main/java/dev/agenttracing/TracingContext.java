package dev.agenttracing;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * The current run and run config of a thread, captured so that work handed to another
 * thread stays part of the same run: a tool called from a pool thread becomes a child of
 * the run that submitted it.
 *
 * <p>
 * With Micrometer's context-propagation library on the class path (Spring Boot
 * applications with Micrometer Tracing or Spring AI have it) no wrapping is needed where
 * Spring or Reactor already carry the context: the current tracing context, tool call and
 * model call are registered with its {@code ContextRegistry} under {@link #CONTEXT_KEY},
 * {@link #TOOL_CALL_KEY} and {@link #MODEL_CALL_KEY}, so {@code @Async} methods and
 * executors decorated with Spring's {@code ContextPropagatingTaskDecorator}
 * ({@code spring.task.execution.propagate-context=true}), executors wrapped with
 * {@code ContextExecutorService.wrap}, and Reactor operators with automatic context
 * propagation ({@code Hooks.enableAutomaticContextPropagation()},
 * {@code spring.reactor.context-propagation=auto}) run in the run of the code that handed
 * the work over:
 *
 * <pre>{@code
 * Executor traced = ContextExecutorService.wrap(executorService);   // carries every registered context
 * Mono.just(question).publishOn(Schedulers.boundedElastic())
 *     .map(searchTool::search)                                        // a child of the run, with Reactor's
 *     .block();                                                       // automatic context propagation
 * }</pre>
 *
 * Elsewhere, or without context-propagation, capture the context by hand.
 * {@link #wrap(Executor)} carries only the current run and run config (as a
 * context-propagation snapshot restricted to {@link #CONTEXT_KEY} would), not the current
 * tool or model call nor anyone else's thread-locals:
 *
 * <pre>{@code
 * Executor traced = TracingContext.wrap(executor);          // captures at each execute()
 * CompletableFuture.supplyAsync(() -> searchTool.search(q), traced);
 *
 * TracingContext context = TracingContext.capture();        // or capture by hand
 * new Thread(context.wrap(() -> { searchTool.search(q); })).start();
 * }</pre>
 *
 * In a Reactor pipeline the current run travels in the Reactor context as a
 * {@code TracingContext} under {@link #CONTEXT_KEY}: the traced {@code Mono} and
 * {@code Flux} methods put it there, and the integrations (Spring AI) read it from there.
 */
public final class TracingContext {

	/**
	 * The key of the current tracing context, a {@code TracingContext}, in
	 * context-propagation's {@code ContextRegistry} and in a Reactor context.
	 */
	public static final String CONTEXT_KEY = "dev.agenttracing.context";

	/**
	 * The key of the current {@link ToolCall} in context-propagation's
	 * {@code ContextRegistry}.
	 */
	public static final String TOOL_CALL_KEY = "dev.agenttracing.tool-call";

	/**
	 * The key of the current {@link ModelCall} in context-propagation's
	 * {@code ContextRegistry}.
	 */
	public static final String MODEL_CALL_KEY = "dev.agenttracing.model-call";

	/**
	 * The current one of each thread; carried between threads by
	 * {@link TracingContextAccessor}.
	 */
	static final ThreadLocal<TracingContext> CURRENT = new ThreadLocal<>();

	private static final TracingContext EMPTY = new TracingContext(null, RunConfig.EMPTY);

	private final @Nullable AgentRun run;

	private final RunConfig config;

	// Set when the scope that opened this context closed on its thread while another
	// value was current
	// there (context-propagation had replaced it, as Reactor does around its operators,
	// and restores it
	// afterwards): when it comes back on that thread, what it replaced is current
	// instead. Written and
	// acted on by that thread only; other threads compare with themselves and never
	// match.
	private @Nullable Thread closedOn;

	private @Nullable TracingContext replaced;

	private TracingContext(@Nullable AgentRun run, RunConfig config) {
		this.run = run;
		this.config = config;
	}

	/** The context of the calling thread: its current run, if any, and its run config. */
	public static TracingContext capture() {
		return current();
	}

	/**
	 * Wraps an executor so that each task runs in the context of the thread that
	 * submitted it.
	 * @param executor the executor to wrap
	 * @return the wrapping executor
	 */
	public static Executor wrap(Executor executor) {
		return (executor instanceof ContextExecutor) ? executor : new ContextExecutor(executor);
	}

	/** The run this context holds, if any. */
	public @Nullable AgentRun run() {
		return this.run;
	}

	/**
	 * This context with another current run and the same run config: for a run that is
	 * current on another thread than the one it started on, such as a reactive run in the
	 * Reactor context. <pre>{@code
	 * TracingContext context = TracingContext.capture().withRun(run);
	 * Mono<String> answer = agent.answer(question).contextWrite(Context.of(TracingContext.CONTEXT_KEY, context));
	 * }</pre>
	 * @param run the run, or {@code null} for none
	 * @return the context
	 */
	public TracingContext withRun(@Nullable AgentRun run) {
		return (run == this.run) ? this : new TracingContext(run, this.config);
	}

	/**
	 * Makes this context current on the calling thread until the scope closes.
	 * @return the scope that restores the previous context
	 */
	public Scope makeCurrent() {
		return install(this);
	}

	/** A runnable that runs {@code task} in this context. */
	public Runnable wrap(Runnable task) {
		return () -> {
			try (Scope scope = makeCurrent()) {
				task.run();
			}
		};
	}

	/** A callable that calls {@code task} in this context. */
	public <T> Callable<T> wrap(Callable<T> task) {
		return () -> {
			try (Scope scope = makeCurrent()) {
				return task.call();
			}
		};
	}

	// ---- package-private access for the tracer ----

	static TracingContext current() {
		TracingContext context = CURRENT.get();
		if (context == null) {
			return EMPTY;
		}
		return (context.closedOn == null) ? context : settle(context);
	}

	/**
	 * Makes what a context closed on this thread replaced current instead of it; the
	 * current context.
	 */
	private static TracingContext settle(TracingContext context) {
		Thread thread = Thread.currentThread();
		TracingContext live = context;
		while (live != null && live.closedOn == thread) {
			live = live.replaced;
		}
		if (live == context) {
			return context;
		}
		if (live != null) {
			CURRENT.set(live);
			return live;
		}
		CURRENT.remove();
		return EMPTY;
	}

	static @Nullable AgentRun currentRun() {
		return current().run;
	}

	static RunConfig currentConfig() {
		return current().config;
	}

	static Scope openConfig(RunConfig config) {
		TracingContext current = current();
		return open(new TracingContext(current.run, current.config.merge(config)));
	}

	static Scope openRun(AgentRun run) {
		return open(new TracingContext(run, current().config));
	}

	/**
	 * Makes a new context current until the returned scope closes, as {@link #scoped}
	 * does; closed on its thread while another value is current there, it is marked so
	 * that it never comes back there.
	 */
	private static Scope open(TracingContext context) {
		TracingContext previous = current();
		CURRENT.set(context);
		Thread owner = Thread.currentThread();
		TracingContext replaced = (previous != EMPTY) ? previous : null;
		return () -> {
			if (Thread.currentThread() != owner) {
				return;
			}
			if (CURRENT.get() == context) {
				if (replaced != null) {
					CURRENT.set(replaced);
				}
				else {
					CURRENT.remove();
				}
			}
			else {
				context.replaced = replaced;
				context.closedOn = owner;
			}
		};
	}

	private static Scope install(TracingContext context) {
		return scoped(CURRENT, context);
	}

	/**
	 * Makes {@code value} the value of {@code current} until the returned scope closes;
	 * closing it on another thread, or after an inner scope took over without closing,
	 * does nothing.
	 */
	static <T> Scope scoped(ThreadLocal<T> current, T value) {
		T previous = current.get();
		current.set(value);
		Thread owner = Thread.currentThread();
		return () -> {
			if (Thread.currentThread() == owner && current.get() == value) {
				if (previous != null) {
					current.set(previous);
				}
				else {
					current.remove();
				}
			}
		};
	}

	private record ContextExecutor(Executor delegate) implements Executor {

		@Override
		public void execute(Runnable command) {
			this.delegate.execute(capture().wrap(command));
		}

	}

}
