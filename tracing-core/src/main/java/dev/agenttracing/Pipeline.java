package dev.agenttracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * Where the events of runs, tool calls and model calls go: the filter first, on the event
 * as it was built, then redaction and truncation (by the handle that built it, which
 * knows what is raw), then every exporter's channel. Handles talk to it, never to the
 * {@link AgentTracer} facade.
 */
final class Pipeline {

	private static final RateLimitedLog failures = new RateLimitedLog(LoggerFactory.getLogger(AgentTracer.class),
			Duration.ofMinutes(1));

	private final @Nullable TraceEventFilter filter;

	private final ContentSanitizer sanitizer;

	private final List<TracingListener> listeners;

	private final List<ExportChannel> channels;

	private final AtomicBoolean shutDown = new AtomicBoolean();

	/** The names of the events a filter drops whatever they hold. */
	private final Set<String> dropped;

	private final boolean recordsToolCalls;

	private final @Nullable ModelPricing pricing;

	/**
	 * A pipeline.
	 * @param filters the filters that must all keep an event; none keeps every event
	 */
	Pipeline(List<TraceEventFilter> filters, ContentSanitizer sanitizer, List<TracingListener> listeners,
			List<ExportChannel> channels) {
		this(filters, sanitizer, listeners, channels, null);
	}

	/**
	 * A pipeline.
	 * @param filters the filters that must all keep an event; none keeps every event
	 * @param pricing what model calls cost, or {@code null} for no cost anywhere
	 */
	Pipeline(List<TraceEventFilter> filters, ContentSanitizer sanitizer, List<TracingListener> listeners,
			List<ExportChannel> channels, @Nullable ModelPricing pricing) {
		this.pricing = pricing;
		this.filter = all(List.copyOf(filters));
		this.sanitizer = sanitizer;
		this.listeners = List.copyOf(listeners);
		this.channels = List.copyOf(channels);
		this.dropped = dropped(filters);
		ChildSpan.EventNames tool = ToolCall.EVENT_NAMES;
		this.recordsToolCalls = !this.listeners.isEmpty() || mayKeep(tool.started()) || mayKeep(tool.completed())
				|| mayKeep(tool.failed());
	}

	/**
	 * The usage with its cost when the model has a price and the usage no cost yet; as it
	 * is when pricing fails.
	 */
	@Nullable TokenUsage priced(@Nullable String model, @Nullable TokenUsage usage) {
		ModelPricing pricing = this.pricing;
		if (pricing == null || model == null || usage == null || usage.cost() != null) {
			return usage;
		}
		try {
			Double cost = pricing.cost(model, usage);
			return (cost != null && Double.isFinite(cost) && cost >= 0) ? usage.withCost(cost) : usage;
		}
		catch (RuntimeException ex) {
			failed("model call pricing", ex);
			return usage;
		}
	}

	/** The names of the events a filter says in advance it never keeps. */
	private static Set<String> dropped(List<TraceEventFilter> filters) {
		Set<String> dropped = new HashSet<>();
		for (String name : TraceEvent.NAMES) {
			for (TraceEventFilter filter : filters) {
				try {
					if (!filter.mayKeep(name)) {
						dropped.add(name);
					}
				}
				catch (RuntimeException ex) {
					// a filter that cannot tell is asked about every event
				}
			}
		}
		return Set.copyOf(dropped);
	}

	/**
	 * Whether events of this name may be kept: not when a filter said in advance that it
	 * drops them ({@link TraceEventFilter#mayKeep(String)}); such events are not built.
	 */
	boolean mayKeep(String eventName) {
		return this.dropped.isEmpty() || !this.dropped.contains(eventName);
	}

	/**
	 * Whether tool calls are built at all: not when no listener follows them and the
	 * filters keep none of their events.
	 */
	boolean recordsToolCalls() {
		return this.recordsToolCalls;
	}

	private static @Nullable TraceEventFilter all(List<TraceEventFilter> filters) {
		return switch (filters.size()) {
			case 0 -> null;
			case 1 -> filters.get(0);
			default -> (event) -> {
				for (TraceEventFilter each : filters) {
					if (!each.test(event)) {
						return false;
					}
				}
				return true;
			};
		};
	}

	/**
	 * Whether the filters keep the event (built with its content not yet sanitized); one
	 * that throws keeps it.
	 */
	/** Whether any filter is set: without one every event is kept and built only once. */
	boolean hasFilter() {
		return this.filter != null;
	}

	boolean keeps(TraceEvent event) {
		TraceEventFilter filter = this.filter;
		if (filter == null) {
			return true;
		}
		try {
			return filter.test(event);
		}
		catch (Throwable ex) {
			failed("filter", ex);
			return true;
		}
	}

	/** Offers a sanitized event to every exporter's queue; never blocks. */
	void export(TraceEvent event) {
		for (ExportChannel channel : this.channels) {
			channel.offer(event);
		}
	}

	ContentSanitizer sanitizer() {
		return this.sanitizer;
	}

	List<TracingListener> listeners() {
		return this.listeners;
	}

	List<ExportChannel> channels() {
		return this.channels;
	}

	/** Now, in whole microseconds (the precision of every timestamp). */
	Instant now() {
		Instant now = Instant.now();
		int nanos = now.getNano();
		return (nanos % 1_000 == 0) ? now : Instant.ofEpochSecond(now.getEpochSecond(), nanos - nanos % 1_000);
	}

	/** The time since a {@link System#nanoTime()} reading, in whole microseconds. */
	static Duration elapsed(long startNanos) {
		long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
		return Duration.ofNanos(Math.max(0, micros) * 1_000L);
	}

	/**
	 * Logs (rate limited) that tracing failed to record something; the application is not
	 * affected.
	 */
	void failed(String what, Throwable ex) {
		failures.warn("tracer:" + what + ":" + ex.getClass().getName(), () -> "Tracing failed to record a " + what
				+ " (" + ex.getClass().getName() + "); the application is " + "not affected", ex);
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			throw error;
		}
	}

	/**
	 * Exports everything queued so far on every exporter, waiting at most {@code timeout}
	 * in all.
	 * @return whether everything was exported in time
	 */
	boolean flush(Duration timeout) {
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (ExportChannel channel : this.channels) {
			futures.add(channel.flushAsync());
		}
		return awaitAll(futures, timeout);
	}

	/**
	 * Stops the channels after exporting what they hold, waiting at most {@code timeout};
	 * a channel still busy then is interrupted. Later calls do nothing.
	 * @return whether everything was exported and shut down in time
	 */
	boolean shutdown(Duration timeout) {
		if (!this.shutDown.compareAndSet(false, true)) {
			return true;
		}
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (ExportChannel channel : this.channels) {
			futures.add(channel.shutdownAsync(timeout));
		}
		boolean done = awaitAll(futures, timeout);
		if (!done) {
			for (ExportChannel channel : this.channels) {
				channel.shutdown(Duration.ZERO);
			}
		}
		return done;
	}

	boolean isShutDown() {
		return this.shutDown.get();
	}

	/**
	 * The counters of each exporter, by exporter name, in the order the exporters were
	 * added.
	 */
	Map<String, ExporterStats> stats() {
		Map<String, ExporterStats> stats = new LinkedHashMap<>();
		for (ExportChannel channel : this.channels) {
			stats.put(channel.name(), channel.stats());
		}
		return Collections.unmodifiableMap(stats);
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

	@Override
	public String toString() {
		return this.channels.toString();
	}

}
