package dev.agenttracing.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of model call observations. Declare a bean of this type (or pass one to
 * {@link ObservationTracingListener#withModelCallConvention}) to replace or extend
 * {@link DefaultModelCallObservationConvention}.
 *
 * <pre class="code">
 * &#64;Bean
 * ModelCallObservationConvention modelCallsWithTenant() {
 *     return new DefaultModelCallObservationConvention() {
 *         public KeyValues getLowCardinalityKeyValues(ModelCallContext context) {
 *             return super.getLowCardinalityKeyValues(context).and("tenant", Tenant.current());
 *         }
 *     };
 * }
 * </pre>
 */
public interface ModelCallObservationConvention extends ObservationConvention<ModelCallContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ModelCallContext;
	}

}
