package dev.agenttracing.aop;

import dev.agenttracing.autoconfigure.TracingAdvisor;

/**
 * Every test of {@link TracedModelCallAspectTests}, with the methods traced by
 * {@link TracingAdvisor}.
 */
class TracedModelCallAdvisorTests extends TracedModelCallAspectTests {

	@Override
	<T> T proxy(T target) {
		return AdvisorProxies.proxy(target, this.tracer);
	}

}
