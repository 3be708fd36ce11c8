package dev.agenttracing.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of tool call observations. Declare a bean of this type (or pass one to
 * {@link ObservationTracingListener}) to replace or extend
 * {@link DefaultToolCallObservationConvention}.
 *
 * <pre class="code">
 * &#64;Bean
 * ToolCallObservationConvention toolsWithoutAgentTag() {
 *     return new DefaultToolCallObservationConvention() {
 *         public KeyValues getLowCardinalityKeyValues(ToolCallContext context) {
 *             return super.getLowCardinalityKeyValues(context).and("team", "search");
 *         }
 *     };
 * }
 * </pre>
 */
public interface ToolCallObservationConvention extends ObservationConvention<ToolCallContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ToolCallContext;
	}

}
