package dev.agenttracing;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * The current run and run config of a thread, captured so that work handed to another thread stays
 * part of the same run: a tool called from a pool thread becomes a child of the run that submitted it.
 *
 * <pre>{@code
 * Executor traced = TracingContext.wrap(executor);          // captures at each execute()
 * CompletableFuture.supplyAsync(() -> searchTool.search(q), traced);
 *
 * TracingContext context = TracingContext.capture();        // or capture by hand
 * new Thread(context.wrap(() -> { searchTool.search(q); })).start();
 * }</pre>
 */
public final class TracingContext {

	private static final ThreadLocal<TracingContext> CURRENT = new ThreadLocal<>();

	private static final TracingContext EMPTY = new TracingContext(null, RunConfig.EMPTY);

	private final @Nullable AgentRun run;

	private final RunConfig config;

	private TracingContext(@Nullable AgentRun run, RunConfig config) {
		this.run = run;
		this.config = config;
	}

	/** The context of the calling thread: its current run, if any, and its run config. */
	public static TracingContext capture() {
		return current();
	}

	/**
	 * Wraps an executor so that each task runs in the context of the thread that submitted it.
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
		return (context != null) ? context : EMPTY;
	}

	static @Nullable AgentRun currentRun() {
		return current().run;
	}

	static RunConfig currentConfig() {
		return current().config;
	}

	static Scope openConfig(RunConfig config) {
		TracingContext current = current();
		return install(new TracingContext(current.run, current.config.merge(config)));
	}

	static Scope openRun(AgentRun run) {
		return install(new TracingContext(run, current().config));
	}

	private static Scope install(TracingContext context) {
		return scoped(CURRENT, context);
	}

	/**
	 * Makes {@code value} the value of {@code current} until the returned scope closes; closing it on
	 * another thread, or after an inner scope took over without closing, does nothing.
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
