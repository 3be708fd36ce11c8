package dev.agenttracing.aop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import dev.agenttracing.AgentRun;
import dev.agenttracing.TracedSpan;
import dev.agenttracing.TracingContext;

/**
 * Runs, tool calls and model calls of methods returning {@code Mono} or {@code Flux}.
 * Only touched when {@link TracedMethodInvoker#REACTOR_PRESENT} is true, so the aspect
 * works without Reactor. Each subscription is one run or tool call, started when
 * subscribed and finished on success, error or cancel (a cancel is recorded as a
 * {@link CancellationException}). The run travels in the Reactor context as a
 * {@link TracingContext} under {@link TracingContext#CONTEXT_KEY}, so tool methods
 * subscribed inside it (on any thread) become its children; with Reactor's automatic
 * context propagation, the same entry makes it the current run of the threads its
 * operators run on.
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

	/** The run in a subscriber's Reactor context, else {@code parent}. */
	static @Nullable AgentRun run(ContextView context, @Nullable AgentRun parent) {
		Object value = context.getOrDefault(TracingContext.CONTEXT_KEY, null);
		AgentRun run = (value instanceof TracingContext tracing) ? tracing.run() : null;
		return (run != null) ? run : parent;
	}

	/**
	 * Traces each subscription of the publisher as the span {@code start} opens for the
	 * subscriber's context, finished on success, error or cancel; none ({@code null})
	 * leaves the subscription untraced. A run travels in the context with the run config
	 * of {@code caller} (the context of the thread that called the method), so that calls
	 * subscribed inside it become its children.
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Object trace(@Nullable Object publisher, TracingContext caller,
			Function<ContextView, @Nullable TracedSpan> start) {
		if (publisher instanceof Mono<?> any) {
			Mono<Object> mono = (Mono<Object>) any;
			return Mono.deferContextual((context) -> {
				TracedSpan span = start.apply(context);
				if (span == null) {
					return mono;
				}
				Mono<Object> traced = mono.doOnSuccess(span::complete)
					.doOnError(span::fail)
					.doOnCancel(() -> span.fail(cancelled()));
				return (span instanceof AgentRun run)
						? traced.contextWrite(Context.of(TracingContext.CONTEXT_KEY, caller.withRun(run))) : traced;
			});
		}
		if (publisher instanceof Flux<?> any) {
			Flux<Object> flux = (Flux<Object>) any;
			return Flux.deferContextual((context) -> {
				TracedSpan span = start.apply(context);
				if (span == null) {
					return flux;
				}
				Items items = new Items();
				Flux<Object> traced = flux.doOnNext(items::add)
					.doOnComplete(() -> span.complete(items.output()))
					.doOnError(span::fail)
					.doOnCancel(() -> span.fail(cancelled()));
				return (span instanceof AgentRun run)
						? traced.contextWrite(Context.of(TracingContext.CONTEXT_KEY, caller.withRun(run))) : traced;
			});
		}
		return publisher;
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
