package dev.agenttracing.aop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import dev.agenttracing.AgentRun;
import dev.agenttracing.ModelCall;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;

/**
 * Runs, tool calls and model calls of methods returning {@code Mono} or {@code Flux}. Only touched when
 * {@link TracedInvocations#REACTOR_PRESENT} is true, so the aspect works without Reactor. Each
 * subscription is one run or tool call, started when subscribed and finished on success, error or
 * cancel (a cancel is recorded as a {@link CancellationException}). The run travels in the Reactor
 * context as a {@link TracingContext} under {@link TracingContext#CONTEXT_KEY}, so tool methods subscribed
 * inside it (on any thread) become its children; with Reactor's automatic context propagation, the same
 * entry makes it the current run of the threads its operators run on.
 */
final class ReactorTracing {

	/** The most items of a {@code Flux} recorded as its output. */
	static final int MAX_ITEMS = 1000;

	private ReactorTracing() {
	}

	static TracedMethod.ReturnKind returnKind(Class<?> returnType) {
		if (Mono.class.isAssignableFrom(returnType)) {
			return TracedMethod.ReturnKind.MONO;
		}
		if (Flux.class.isAssignableFrom(returnType)) {
			return TracedMethod.ReturnKind.FLUX;
		}
		return TracedMethod.ReturnKind.PLAIN;
	}

	/**
	 * Traces each subscription of the publisher as a run started by {@code start}, current in the
	 * Reactor context with the run config of the calling thread.
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Object run(@Nullable Object publisher, Supplier<AgentRun> start) {
		TracingContext caller = TracingContext.capture();
		if (publisher instanceof Mono<?> any) {
			Mono<Object> mono = (Mono<Object>) any;
			return Mono.defer(() -> {
				AgentRun run = start.get();
				return mono.doOnSuccess(run::complete)
					.doOnError(run::fail)
					.doOnCancel(() -> run.fail(cancelled()))
					.contextWrite(Context.of(TracingContext.CONTEXT_KEY, caller.withRun(run)));
			});
		}
		if (publisher instanceof Flux<?> any) {
			Flux<Object> flux = (Flux<Object>) any;
			return Flux.defer(() -> {
				AgentRun run = start.get();
				Items items = new Items();
				return flux.doOnNext(items::add)
					.doOnComplete(() -> run.complete(items.output()))
					.doOnError(run::fail)
					.doOnCancel(() -> run.fail(cancelled()))
					.contextWrite(Context.of(TracingContext.CONTEXT_KEY, caller.withRun(run)));
			});
		}
		return publisher;
	}

	/**
	 * Traces each subscription of the publisher as a tool or model call of the run in the subscriber's
	 * Reactor context, else of {@code parent} (the run current when the method was called); with neither
	 * the publisher is returned as it is.
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Object child(@Nullable Object publisher, @Nullable AgentRun parent,
			Function<AgentRun, Child> start) {
		if (publisher instanceof Mono<?> any) {
			Mono<Object> mono = (Mono<Object>) any;
			return Mono.deferContextual((context) -> {
				AgentRun run = run(context, parent);
				if (run == null) {
					return mono;
				}
				Child call = start.apply(run);
				return mono.doOnSuccess(call::complete).doOnError(call::fail).doOnCancel(() -> call.fail(cancelled()));
			});
		}
		if (publisher instanceof Flux<?> any) {
			Flux<Object> flux = (Flux<Object>) any;
			return Flux.deferContextual((context) -> {
				AgentRun run = run(context, parent);
				if (run == null) {
					return flux;
				}
				Child call = start.apply(run);
				Items items = new Items();
				return flux.doOnNext(items::add)
					.doOnComplete(() -> call.complete(items.output()))
					.doOnError(call::fail)
					.doOnCancel(() -> call.fail(cancelled()));
			});
		}
		return publisher;
	}

	/** The run in the Reactor context, else {@code parent}. */
	static @Nullable AgentRun run(ContextView context, @Nullable AgentRun parent) {
		Object value = context.getOrDefault(TracingContext.CONTEXT_KEY, null);
		AgentRun run = (value instanceof TracingContext tracing) ? tracing.run() : null;
		return (run != null) ? run : parent;
	}

	/** A tool call or model call, as {@link #child} finishes it. */
	interface Child {

		void complete(@Nullable Object result);

		void fail(Throwable error);

		static Child of(ToolCall call) {
			return new Child() {

				@Override
				public void complete(@Nullable Object result) {
					call.complete(result);
				}

				@Override
				public void fail(Throwable error) {
					call.fail(error);
				}

			};
		}

		static Child of(ModelCall call) {
			return new Child() {

				@Override
				public void complete(@Nullable Object result) {
					call.complete(result);
				}

				@Override
				public void fail(Throwable error) {
					call.fail(error);
				}

			};
		}

	}

	private static CancellationException cancelled() {
		return new CancellationException("cancelled by the subscriber");
	}

	/** The items a {@code Flux} emitted, up to {@link #MAX_ITEMS}. */
	private static final class Items {

		private final List<@Nullable Object> items = new ArrayList<>();

		private long more;

		synchronized void add(@Nullable Object item) {
			if (this.items.size() < MAX_ITEMS) {
				this.items.add(item);
			}
			else {
				this.more++;
			}
		}

		synchronized List<@Nullable Object> output() {
			List<@Nullable Object> output = new ArrayList<>(this.items);
			if (this.more > 0) {
				output.add("... [" + this.more + " more items]");
			}
			return output;
		}

	}

}
