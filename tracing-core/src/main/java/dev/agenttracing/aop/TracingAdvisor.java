package dev.agenttracing.aop;

import java.time.Duration;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * Traces {@link TracedRun @TracedRun}, {@link TracedTool @TracedTool} and
 * {@link TracedModelCall @TracedModelCall} methods of Spring beans as a Spring AOP advisor: a method
 * interceptor, without AspectJ, records exactly what {@link TracingAspect} records. It is what the
 * starter registers; it costs the call less than an AspectJ-style aspect (no join point object, no
 * copy of the arguments, no reflective call of the advice) and needs only {@code spring-aop}.
 *
 * <p>Declare it {@code static} and give it the tracer as a supplier, so that the tracer is created at
 * the first traced call rather than while the auto-proxy creator collects its advisors:
 * <pre>{@code
 * @Bean
 * @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
 * static TracingAdvisor tracingAdvisor(ObjectProvider<AgentTracer> tracer) {
 *     return new TracingAdvisor(tracer::getObject);
 * }
 * }</pre>
 * Register either this advisor or a {@code TracingAspect}, not both: each would record the call.
 */
public final class TracingAdvisor extends AbstractPointcutAdvisor {

	private static final long serialVersionUID = 1L;

	private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(TracingAdvisor.class),
			Duration.ofMinutes(1));

	private final transient Pointcut pointcut = new ComposablePointcut(
			AnnotationMatchingPointcut.forMethodAnnotation(TracedRun.class))
		.union(AnnotationMatchingPointcut.forMethodAnnotation(TracedTool.class))
		.union(AnnotationMatchingPointcut.forMethodAnnotation(TracedModelCall.class));

	private final transient Interceptor interceptor;

	/**
	 * An advisor for a tracer.
	 * @param tracer the tracer that starts the runs
	 */
	public TracingAdvisor(AgentTracer tracer) {
		this(() -> tracer);
	}

	/**
	 * An advisor that asks for its tracer at the first traced call.
	 * @param tracer supplies the tracer that starts the runs, once
	 */
	public TracingAdvisor(Supplier<AgentTracer> tracer) {
		this.interceptor = new Interceptor(SingletonSupplier
			.of(() -> new TracedInvocations(tracer.get(), TracedInvocations.REACTOR_PRESENT)));
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	/** Runs the intercepted call inside the run, tool call or model call its annotations ask for. */
	private static final class Interceptor implements MethodInterceptor {

		private final SingletonSupplier<TracedInvocations> invocations;

		Interceptor(SingletonSupplier<TracedInvocations> invocations) {
			this.invocations = invocations;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			TracedInvocations invocations;
			try {
				invocations = this.invocations.obtain();
			}
			catch (Throwable ex) {
				if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
					throw error;
				}
				// no tracer (its creation failed): the call runs untraced, the application is not affected
				log.warn("advisor:" + ex.getClass().getName(),
						() -> "Tracing could not obtain its tracer; traced methods run untraced: " + ex, ex);
				return invocation.proceed();
			}
			Object target = invocation.getThis();
			TracedMethod traced = invocations.tracedOrNull(invocation.getMethod(), target);
			return (traced != null) ? invocations.invoke(traced, target, invocation.getArguments(), invocation::proceed)
					: invocation.proceed();
		}

	}

}
