package dev.agenttracing.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of agent run observations. Declare a bean of this type (or pass one to
 * {@link ObservationTracingListener}) to replace or extend
 * {@link DefaultAgentRunObservationConvention}.
 *
 * <pre class="code">
 * &#64;Bean
 * AgentRunObservationConvention tenantRuns() {
 *     return new DefaultAgentRunObservationConvention() {
 *         public KeyValues getLowCardinalityKeyValues(AgentRunContext context) {
 *             return super.getLowCardinalityKeyValues(context).and("tenant", Tenant.current());
 *         }
 *     };
 * }
 * </pre>
 */
public interface AgentRunObservationConvention extends ObservationConvention<AgentRunContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof AgentRunContext;
	}

}
