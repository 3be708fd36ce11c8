package dev.agenttracing.aop;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

/**
 * Traces {@link TracedRun} methods as agent runs, {@link TracedTool} methods as tool
 * calls and {@link TracedModelCall} methods as model calls. A plain AspectJ aspect, like
 * Micrometer's {@code ObservedAspect}: with Spring AOP, declare it as a bean (the Spring
 * Boot starter does); with AspectJ weaving, weave it.
 *
 * <pre>{@code
 * AspectJProxyFactory factory = new AspectJProxyFactory(new SupportAgent(tools));
 * factory.addAspect(new TracingAspect(tracer));
 * SupportAgent agent = factory.getProxy();
 * agent.answer("user-42", "Where is my order?");   // RunStarted ... RunCompleted
 * }</pre>
 *
 * Exceptions are rethrown unchanged and results returned as they are, except that a
 * returned {@code CompletableFuture} is replaced by one that completes after the run,
 * tool or model call is recorded (cancelling it cancels the method's own future). Reactor
 * {@code Mono} and {@code Flux} are handled only when Reactor is on the class path.
 */
@Aspect
public class TracingAspect {

	private final TracedMethodInvoker invocations;

	/**
	 * Creates the aspect.
	 * @param tracer the tracer that starts the runs
	 */
	public TracingAspect(AgentTracer tracer) {
		this.invocations = new TracedMethodInvoker(tracer);
	}

	/**
	 * Traces a {@link TracedRun} method.
	 * @param joinPoint the call
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Around("execution(@dev.agenttracing.annotation.TracedRun * *(..))")
	public @Nullable Object tracedRun(ProceedingJoinPoint joinPoint) throws Throwable {
		TracedMethod traced = traced(joinPoint);
		return (traced != null)
				? this.invocations.run(traced, joinPoint.getTarget(), joinPoint.getArgs(), joinPoint::proceed)
				: joinPoint.proceed();
	}

	/**
	 * Traces a {@link TracedTool} method.
	 * @param joinPoint the call
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Around("execution(@dev.agenttracing.annotation.TracedTool * *(..))")
	public @Nullable Object tracedTool(ProceedingJoinPoint joinPoint) throws Throwable {
		TracedMethod traced = traced(joinPoint);
		return (traced != null) ? this.invocations.tool(traced, joinPoint.getArgs(), joinPoint::proceed)
				: joinPoint.proceed();
	}

	/**
	 * Traces a {@link TracedModelCall} method.
	 * @param joinPoint the call
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Around("execution(@dev.agenttracing.annotation.TracedModelCall * *(..))")
	public @Nullable Object tracedModelCall(ProceedingJoinPoint joinPoint) throws Throwable {
		TracedMethod traced = traced(joinPoint);
		return (traced != null) ? this.invocations.modelCall(traced, joinPoint.getArgs(), joinPoint::proceed)
				: joinPoint.proceed();
	}

	private @Nullable TracedMethod traced(ProceedingJoinPoint joinPoint) {
		return this.invocations.tracedOrNull(((MethodSignature) joinPoint.getSignature()).getMethod(),
				joinPoint.getTarget());
	}

}
