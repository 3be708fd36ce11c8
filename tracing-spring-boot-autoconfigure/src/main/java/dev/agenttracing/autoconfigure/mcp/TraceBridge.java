package dev.agenttracing.autoconfigure.mcp;

import org.jspecify.annotations.Nullable;

/**
 * What carrying a trace across MCP needs of the distributed-tracing library, when there
 * is one: whether the current span is sampled, and a caller's span made the parent of the
 * spans started until the returned scope closes.
 */
interface TraceBridge {

	/** No tracing library: trace files only. */
	TraceBridge NONE = new TraceBridge() {

		@Override
		public @Nullable Boolean currentSampled() {
			return null;
		}

		@Override
		public ParentScope openParent(String traceId, String spanId, boolean sampled) {
			return ParentScope.NONE;
		}

	};

	/** Whether the current span is sampled, or {@code null} when unknown. */
	@Nullable Boolean currentSampled();

	/**
	 * Makes the caller's span current, so that the next span started on this thread is
	 * its child.
	 * @param traceId the W3C trace id
	 * @param spanId the caller's W3C span id
	 * @param sampled whether the caller's span is sampled
	 * @return the scope, to close once every span started in it has ended
	 */
	ParentScope openParent(String traceId, String spanId, boolean sampled);

	/** A scope that closes without a checked exception. */
	interface ParentScope extends AutoCloseable {

		ParentScope NONE = () -> {
		};

		@Override
		void close();

	}

}
