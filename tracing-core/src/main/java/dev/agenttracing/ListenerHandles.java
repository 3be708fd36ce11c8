package dev.agenttracing;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import dev.agenttracing.TracingListener.Handle;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * The handles every listener returned for one run, tool call or model call; empty (and
 * free) without listeners.
 */
final class ListenerHandles {

	static final ListenerHandles EMPTY = new ListenerHandles(new Handle[0]);

	private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(TracingListener.class),
			Duration.ofMinutes(1));

	private final Handle[] handles;

	private ListenerHandles(Handle[] handles) {
		this.handles = handles;
	}

	static ListenerHandles runStarted(List<TracingListener> listeners, RunInfo run, @Nullable String model) {
		// the empty check comes before the lambda so that a tracer without listeners
		// allocates nothing here
		return listeners.isEmpty() ? EMPTY
				: EMPTY.open(listeners, "runStarted", (listener, runHandle) -> listener.runStarted(run, model));
	}

	ListenerHandles toolStarted(List<TracingListener> listeners, RunInfo run, ToolInvocation tool) {
		return listeners.isEmpty() ? EMPTY
				: open(listeners, "toolStarted", (listener, runHandle) -> listener.toolStarted(run, runHandle, tool));
	}

	ListenerHandles modelCallStarted(List<TracingListener> listeners, RunInfo run, ModelInvocation call) {
		return listeners.isEmpty() ? EMPTY : open(listeners, "modelCallStarted",
				(listener, runHandle) -> listener.modelCallStarted(run, runHandle, call));
	}

	/**
	 * Asks every listener for its handle; this (the run's handles) gives each listener
	 * its own run handle.
	 */
	private ListenerHandles open(List<TracingListener> listeners, String method, Opener opener) {
		Handle[] handles = new Handle[listeners.size()];
		for (int i = 0; i < handles.length; i++) {
			Handle runHandle = (i < this.handles.length) ? this.handles[i] : Handle.NONE;
			try {
				handles[i] = nonNull(opener.open(listeners.get(i), runHandle));
			}
			catch (Throwable ex) {
				failed(listeners.get(i), method, ex);
				handles[i] = Handle.NONE;
			}
		}
		return new ListenerHandles(handles);
	}

	@FunctionalInterface
	private interface Opener {

		@Nullable Handle open(TracingListener listener, Handle runHandle);

	}

	@Nullable String traceId() {
		for (Handle handle : this.handles) {
			String id = handle.traceId();
			if (id != null) {
				return id;
			}
		}
		return null;
	}

	@Nullable String spanId() {
		for (Handle handle : this.handles) {
			String id = handle.spanId();
			if (id != null) {
				return id;
			}
		}
		return null;
	}

	/** Tells every handle, last opened first, that the scope closed. */
	void scopeClosed() {
		for (int i = this.handles.length - 1; i >= 0; i--) {
			try {
				this.handles[i].scopeClosed();
			}
			catch (Throwable ex) {
				failed(this.handles[i], "scopeClosed", ex);
			}
		}
	}

	/** Tells every handle, last opened first, that the work ended. */
	void ended(TraceEvent event, @Nullable Throwable error) {
		for (int i = this.handles.length - 1; i >= 0; i--) {
			try {
				this.handles[i].ended(event, error);
			}
			catch (Throwable ex) {
				failed(this.handles[i], "ended", ex);
			}
		}
	}

	private static Handle nonNull(@Nullable Handle handle) {
		return (handle != null) ? handle : Handle.NONE;
	}

	private static void failed(Object listener, String method, Throwable ex) {
		log.warn("listener:" + listener.getClass().getName() + ":" + method,
				() -> "Tracing listener " + listener.getClass().getName() + " failed in " + method + ": " + ex, ex);
	}

}
