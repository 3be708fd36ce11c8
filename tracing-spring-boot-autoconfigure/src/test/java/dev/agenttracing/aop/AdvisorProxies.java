package dev.agenttracing.aop;

import dev.agenttracing.autoconfigure.TracingAdvisor;

import org.springframework.aop.framework.ProxyFactory;

import dev.agenttracing.AgentTracer;

/**
 * Class-based proxies traced by a {@link TracingAdvisor}, for the advisor variants of the
 * aspect tests.
 */
final class AdvisorProxies {

	private AdvisorProxies() {
	}

	@SuppressWarnings("unchecked")
	static <T> T proxy(T target, AgentTracer tracer) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TracingAdvisor(tracer));
		return (T) factory.getProxy();
	}

}
