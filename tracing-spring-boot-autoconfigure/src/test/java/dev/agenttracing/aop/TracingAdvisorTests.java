package dev.agenttracing.aop;

import dev.agenttracing.autoconfigure.TracingAdvisor;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link TracingAspectTests}, with the methods traced by
 * {@link TracingAdvisor} instead of the aspect, and what only the advisor does.
 */
class TracingAdvisorTests extends TracingAspectTests {

	@Override
	<T> T proxy(T target) {
		return AdvisorProxies.proxy(target, this.tracer);
	}

	@Override
	<T> T interfaceProxy(Object target, Class<T> type) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addInterface(type);
		factory.addAdvisor(new TracingAdvisor(this.tracer));
		return type.cast(factory.getProxy());
	}

	@Test
	void matchesOnlyAnnotatedMethodsAndAsksForTheTracerAtTheFirstTracedCall() throws Exception {
		AtomicInteger asked = new AtomicInteger();
		TracingAdvisor advisor = new TracingAdvisor(() -> {
			asked.incrementAndGet();
			return this.tracer;
		});
		assertThat(asked).hasValue(0);
		assertThat(advisor.getPointcut().getMethodMatcher().matches(Plain.class.getMethod("run"), Plain.class))
			.isFalse();
		assertThat(advisor.getPointcut().getMethodMatcher().matches(Both.class.getMethod("work"), Both.class)).isTrue();
		ProxyFactory factory = new ProxyFactory(new Both());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(advisor);
		Both both = (Both) factory.getProxy();
		both.work();
		both.work();
		assertThat(asked).hasValue(1);
	}

	@Test
	void aMethodThatIsBothARunAndAToolIsARunHoldingTheToolAsTheAspectRecordsIt() {
		ProxyFactory factory = new ProxyFactory(new Both());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TracingAdvisor(this.tracer));
		((Both) factory.getProxy()).work();
		this.tracer.flush(java.time.Duration.ofSeconds(5));
		assertThat(recorded()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
	}

	@Test
	void aTracerThatCannotBeCreatedLeavesTheCallsUntraced() {
		ProxyFactory factory = new ProxyFactory(new Both());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TracingAdvisor(() -> {
			throw new IllegalStateException("no tracer");
		}));
		assertThat(((Both) factory.getProxy()).work()).isEqualTo("done");
	}

	@Test
	void aSessionIdWhoseToStringThrowsLeavesTheRunInTheDefaultSessionAndTheCallUnharmed() {
		SessionAgent agent = AdvisorProxies.proxy(new SessionAgent(), this.tracer);
		assertThat(agent.answer(new HostileId(), "hi")).isEqualTo("hi");
		this.tracer.flush(java.time.Duration.ofSeconds(5));
		assertThat(this.exporter.single(dev.agenttracing.event.RunStarted.class).sessionId()).isEqualTo("default");
	}

	private List<String> recorded() {
		return this.exporter.names();
	}

	static class SessionAgent {

		@TracedRun("agent")
		public String answer(@dev.agenttracing.annotation.SessionId HostileId session, String question) {
			return question;
		}

	}

	static final class HostileId {

		@Override
		public String toString() {
			throw new IllegalStateException("no id");
		}

	}

	static class Plain {

		public String run() {
			return "plain";
		}

	}

	static class Both {

		@TracedRun("worker")
		@TracedTool("work")
		public String work() {
			return "done";
		}

	}

}
