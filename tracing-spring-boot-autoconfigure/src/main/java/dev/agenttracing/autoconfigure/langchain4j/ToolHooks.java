package dev.agenttracing.autoconfigure.langchain4j;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecution;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolService;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;

/**
 * Records every tool an AI service runs as a tool call of the current run, with
 * LangChain4j's own hooks around each execution ({@code beforeToolExecution},
 * {@code afterToolExecution}), which run on the thread that runs the tool. The call is
 * current while the tool runs, so a {@code @TracedTool} method behind it is recorded
 * once; the error handler keeps the exception the tool threw, which LangChain4j turns
 * into the text the model gets.
 */
final class ToolHooks {

	/** The calls running on each thread, the innermost first. */
	private static final ThreadLocal<Deque<Running>> running = ThreadLocal.withInitial(ArrayDeque::new);

	private ToolHooks() {
	}

	/**
	 * Adds the hooks to a tool service, around the application's own; a service that has
	 * them already is left as it is.
	 */
	static void install(ToolService tools) {
		Consumer<BeforeToolExecution> before = tools.beforeToolExecution();
		if (before instanceof Before) {
			return;
		}
		tools.beforeToolExecution(new Before(before));
		tools.afterToolExecution(new After(tools.afterToolExecution()));
		tools.executionErrorHandler(new ErrorHandler(tools.executionErrorHandler()));
		Executor executor = tools.executor();
		if (executor != null) {
			// tools run concurrently: each task in the run that submitted it
			tools.executeToolsConcurrently(TracingContext.wrap(executor));
		}
	}

	static void started(BeforeToolExecution execution) {
		AgentRun run = AgentTracer.currentRun();
		if (run == null) {
			return;
		}
		ToolExecutionRequest request = execution.request();
		ToolCall call;
		try {
			call = run.startTool(request.name(), request.id(), LangChain4jContent.arguments(request.arguments()));
		}
		catch (RuntimeException ex) {
			call = run.startTool(request.name(), request.id(), null);
		}
		running.get().push(new Running(request, call, call.makeCurrent()));
	}

	static void ended(ToolExecution execution) {
		Running entry = remove(execution.request());
		if (entry == null) {
			return;
		}
		entry.scope().close();
		if (execution.hasFailed()) {
			Throwable error = entry.error;
			entry.call().fail((error != null) ? error : new ToolExecutionFailure(execution.result()));
		}
		else {
			Object result = execution.resultObject();
			entry.call().complete((result != null) ? result : LangChain4jContent.json(execution.result()));
		}
	}

	private static @Nullable Running remove(ToolExecutionRequest request) {
		Deque<Running> calls = running.get();
		Iterator<Running> iterator = calls.iterator();
		while (iterator.hasNext()) {
			Running entry = iterator.next();
			if (entry.request() == request) {
				iterator.remove();
				if (calls.isEmpty()) {
					running.remove();
				}
				return entry;
			}
		}
		return null;
	}

	static void failed(Throwable error, ToolErrorContext context) {
		for (Running entry : running.get()) {
			if (entry.request() == context.toolExecutionRequest()) {
				entry.error = error;
				return;
			}
		}
	}

	/** A tool call running on this thread. */
	private static final class Running {

		private final ToolExecutionRequest request;

		private final ToolCall call;

		private final Scope scope;

		private @Nullable Throwable error;

		Running(ToolExecutionRequest request, ToolCall call, Scope scope) {
			this.request = request;
			this.call = call;
			this.scope = scope;
		}

		ToolExecutionRequest request() {
			return this.request;
		}

		ToolCall call() {
			return this.call;
		}

		Scope scope() {
			return this.scope;
		}

	}

	/** Starts the call, then runs the application's hook. */
	private record Before(@Nullable Consumer<BeforeToolExecution> next) implements Consumer<BeforeToolExecution> {

		@Override
		public void accept(BeforeToolExecution execution) {
			try {
				started(execution);
			}
			catch (RuntimeException ex) {
				// never break the tool
			}
			if (this.next != null) {
				this.next.accept(execution);
			}
		}

	}

	/** Runs the application's hook, then ends the call. */
	private record After(@Nullable Consumer<ToolExecution> next) implements Consumer<ToolExecution> {

		@Override
		public void accept(ToolExecution execution) {
			try {
				if (this.next != null) {
					this.next.accept(execution);
				}
			}
			finally {
				try {
					ended(execution);
				}
				catch (RuntimeException ex) {
					// never break the tool
				}
			}
		}

	}

	/** Keeps what the tool threw, then lets the application's handler answer. */
	private record ErrorHandler(ToolExecutionErrorHandler next) implements ToolExecutionErrorHandler {

		@Override
		public ToolErrorHandlerResult handle(Throwable error, ToolErrorContext context) {
			try {
				failed(error, context);
			}
			catch (RuntimeException ex) {
				// never break the tool
			}
			return this.next.handle(error, context);
		}

	}

	/** The failure of a tool whose exception LangChain4j did not hand over. */
	static final class ToolExecutionFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ToolExecutionFailure(@Nullable String message) {
			super(message, null, false, false);
		}

	}

}
