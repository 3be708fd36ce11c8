package dev.agenttracing.aop;

import org.springframework.aop.framework.ProxyFactory;

/** Every test of {@link TracedModelCallAspectTests}, with the methods traced by {@link TracingAdvisor}. */
class TracedModelCallAdvisorTests extends TracedModelCallAspectTests {

	@Override
	@SuppressWarnings("unchecked")
	<T> T proxy(T target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TracingAdvisor(this.tracer));
		return (T) factory.getProxy();
	}

}
