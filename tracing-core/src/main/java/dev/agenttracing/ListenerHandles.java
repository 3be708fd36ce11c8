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

/** The handles every listener returned for one run, tool call or model call; empty (and free) without listeners. */
final class ListenerHandles {

	static final ListenerHandles EMPTY = new ListenerHandles(new Handle[0]);

	private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(TracingListener.class),
			Duration.ofMinutes(1));

	private final Handle[] handles;

	private ListenerHandles(Handle[] handles) {
		this.handles = handles;
	}

	static ListenerHandles runStarted(List<TracingListener> listeners, RunInfo run, @Nullable String model) {
		if (listeners.isEmpty()) {
			return EMPTY;
		}
		Handle[] handles = new Handle[listeners.size()];
		for (int i = 0; i < handles.length; i++) {
			try {
				handles[i] = nonNull(listeners.get(i).runStarted(run, model));
			}
			catch (Throwable ex) {
				failed(listeners.get(i), "runStarted", ex);
				handles[i] = Handle.NONE;
			}
		}
		return new ListenerHandles(handles);
	}

	ListenerHandles toolStarted(List<TracingListener> listeners, RunInfo run, ToolInvocation tool) {
		if (listeners.isEmpty()) {
			return EMPTY;
		}
		Handle[] handles = new Handle[listeners.size()];
		for (int i = 0; i < handles.length; i++) {
			Handle runHandle = (i < this.handles.length) ? this.handles[i] : Handle.NONE;
			try {
				handles[i] = nonNull(listeners.get(i).toolStarted(run, runHandle, tool));
			}
			catch (Throwable ex) {
				failed(listeners.get(i), "toolStarted", ex);
				handles[i] = Handle.NONE;
			}
		}
		return new ListenerHandles(handles);
	}

	ListenerHandles modelCallStarted(List<TracingListener> listeners, RunInfo run, ModelInvocation call) {
		if (listeners.isEmpty()) {
			return EMPTY;
		}
		Handle[] handles = new Handle[listeners.size()];
		for (int i = 0; i < handles.length; i++) {
			Handle runHandle = (i < this.handles.length) ? this.handles[i] : Handle.NONE;
			try {
				handles[i] = nonNull(listeners.get(i).modelCallStarted(run, runHandle, call));
			}
			catch (Throwable ex) {
				failed(listeners.get(i), "modelCallStarted", ex);
				handles[i] = Handle.NONE;
			}
		}
		return new ListenerHandles(handles);
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
		log.warn("listener:" + listener.getClass().getName() + ":" + method, () -> "Tracing listener "
				+ listener.getClass().getName() + " failed in " + method + ": " + ex, ex);
	}

}
