package dev.agenttracing.benchmarks;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;

/**
 * An {@code @Around} aspect on {@code @TracedTool} that only proceeds: what the Spring
 * AOP proxy alone costs.
 */
@Aspect
public class PassThroughAspect {

	/**
	 * Proceeds.
	 * @param joinPoint the call
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Around("execution(@dev.agenttracing.annotation.TracedTool * *(..))")
	public @Nullable Object proceed(ProceedingJoinPoint joinPoint) throws Throwable {
		return joinPoint.proceed();
	}

}
