package dev.agenttracing.autoconfigure;

import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.util.function.SingletonSupplier;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.aop.TracedMethodInvoker;
import dev.agenttracing.aop.TracingAspect;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

/**
 * Traces {@link TracedRun @TracedRun}, {@link TracedTool @TracedTool} and
 * {@link TracedModelCall @TracedModelCall} methods of Spring beans as a Spring AOP
 * advisor: a method interceptor, without AspectJ, records exactly what
 * {@link TracingAspect} records (both call a {@link TracedMethodInvoker}). It is what the
 * starter registers; it costs the call less than an AspectJ-style aspect (no join point
 * object, no copy of the arguments, no reflective call of the advice) and needs only
 * {@code spring-aop}.
 *
 * <p>
 * Declare it {@code static} and give it the tracer as a supplier, so that the tracer is
 * created at the first traced call rather than while the auto-proxy creator collects its
 * advisors: <pre class="code">
 * &#64;Bean
 * &#64;Role(BeanDefinition.ROLE_INFRASTRUCTURE)
 * static TracingAdvisor tracingAdvisor(ObjectProvider&lt;AgentTracer&gt; tracer) {
 *     return new TracingAdvisor(tracer::getObject);
 * }
 * </pre> Register either this advisor or a {@code TracingAspect}, not both: each would
 * record the call.
 */
public final class TracingAdvisor extends AbstractPointcutAdvisor {

	private static final long serialVersionUID = 1L;

	private static final Log logger = LogFactory.getLog(TracingAdvisor.class);

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
		this.interceptor = new Interceptor(SingletonSupplier.of(() -> new TracedMethodInvoker(tracer.get())));
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	/**
	 * Runs the intercepted call inside the run, tool call or model call its annotations
	 * ask for.
	 */
	private static final class Interceptor implements MethodInterceptor {

		private final SingletonSupplier<TracedMethodInvoker> invoker;

		/** Whether the failure to obtain the tracer was logged: once is enough. */
		private volatile boolean failureLogged;

		Interceptor(SingletonSupplier<TracedMethodInvoker> invoker) {
			this.invoker = invoker;
		}

		// Spring declares the result @Nullable; NullAway reads it as non-null here
		@Override
		@SuppressWarnings("NullAway")
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			TracedMethodInvoker invoker;
			try {
				invoker = this.invoker.obtain();
			}
			catch (Throwable ex) {
				if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
					throw error;
				}
				// no tracer (its creation failed): the call runs untraced, the
				// application is not affected
				if (!this.failureLogged) {
					this.failureLogged = true;
					logger.warn("Tracing could not obtain its tracer; traced methods run untraced: " + ex, ex);
				}
				return invocation.proceed();
			}
			return invoker.invoke(invocation.getMethod(), invocation.getThis(), invocation.getArguments(),
					invocation::proceed);
		}

	}

}
