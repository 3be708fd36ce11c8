package dev.agenttracing;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;

/**
 * Follows runs, tool calls and model calls while they happen, on the application's
 * threads: the hook for integrations that must act inside the traced work, such as
 * Micrometer observations that have to be current while a tool runs so that its HTTP
 * calls nest under it. Exporters, by contrast, receive events later on their own threads.
 *
 * <p>
 * Listeners must be fast and must not block; an exception from a listener is logged and
 * ignored.
 *
 * <pre>{@code
 * AgentTracer tracer = AgentTracer.builder()
 *     .listener(new TracingListener() {
 *         public Handle runStarted(RunInfo run, String model) {
 *             long start = System.nanoTime();
 *             return new Handle() {
 *                 public void ended(TraceEvent event) {
 *                     metrics.record(run.agentName(), System.nanoTime() - start);
 *                 }
 *             };
 *         }
 *     })
 *     .exporter(exporter)
 *     .build();
 * }</pre>
 */
public interface TracingListener {

	/**
	 * A run starts, on the calling thread, before its {@code RunStarted} event is built.
	 * @param run the run
	 * @param model the model, if known
	 * @return what to tell about the run from now on; {@link Handle#NONE} to ignore it
	 */
	default Handle runStarted(RunInfo run, @Nullable String model) {
		return Handle.NONE;
	}

	/**
	 * A tool call starts as a child of a run, on the calling thread (which may be another
	 * thread than the run's), before its {@code ToolCallStarted} event is built.
	 * @param run the run
	 * @param runHandle what this listener returned for the run
	 * @param tool the call
	 * @return what to tell about the call from now on; {@link Handle#NONE} to ignore it
	 */
	default Handle toolStarted(RunInfo run, Handle runHandle, ToolInvocation tool) {
		return Handle.NONE;
	}

	/**
	 * A model call starts as a child of a run, on the calling thread (which may be
	 * another thread than the run's), before its {@code ModelCallStarted} event is built.
	 * @param run the run
	 * @param runHandle what this listener returned for the run
	 * @param call the call
	 * @return what to tell about the call from now on; {@link Handle#NONE} to ignore it
	 */
	default Handle modelCallStarted(RunInfo run, Handle runHandle, ModelInvocation call) {
		return Handle.NONE;
	}

	/**
	 * What a listener is told about one run, tool call or model call after it started.
	 */
	interface Handle {

		/** A handle that ignores everything. */
		Handle NONE = new Handle() {
		};

		/**
		 * The W3C trace id of the span this listener opened, written to events as
		 * {@code otel_trace_id}.
		 */
		default @Nullable String traceId() {
			return null;
		}

		/**
		 * The W3C span id of the span this listener opened, written to events as
		 * {@code otel_span_id}.
		 */
		default @Nullable String spanId() {
			return null;
		}

		/**
		 * The work's scope ends, on the thread that started it: the traced method
		 * returned (for asynchronous work, before the work ends) or the run or call was
		 * detached.
		 */
		default void scopeClosed() {
		}

		/**
		 * The work ended, with its completion event ({@code RunCompleted},
		 * {@code RunError}, {@code ToolCallCompleted}, {@code ToolCallError},
		 * {@code ModelCallCompleted} or {@code ModelCallError}); possibly on another
		 * thread, always after {@link #scopeClosed()} when both happen on the starting
		 * thread.
		 * @param event the completion event
		 * @param error what the work threw, for {@code RunError}, {@code ToolCallError}
		 * and {@code ModelCallError}
		 */
		default void ended(TraceEvent event, @Nullable Throwable error) {
		}

	}

}
