package dev.agenttracing.aop;

/** Every test of {@link TracedModelCallAspectTests}, with the methods traced by {@link TracingAdvisor}. */
class TracedModelCallAdvisorTests extends TracedModelCallAspectTests {

	@Override
	<T> T proxy(T target) {
		return AdvisorProxies.proxy(target, this.tracer);
	}

}
