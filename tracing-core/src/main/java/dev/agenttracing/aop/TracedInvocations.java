package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;
import dev.agenttracing.internal.RateLimitedLog;

/** Runs an annotated method inside a run, tool call or model call: the aspect's logic, free of AspectJ types. */
final class TracedInvocations {

	/** Whether Reactor is on the class path: only then is {@link ReactorTracing} loaded. */
	static final boolean REACTOR_PRESENT = isPresent("reactor.core.publisher.Flux");

	private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(TracedInvocations.class),
			Duration.ofMinutes(1));

	private final AgentTracer tracer;

	private final boolean reactor;

	private final Map<Method, TracedMethod> methods = new ConcurrentHashMap<>();

	private final Map<Implementation, TracedMethod> implementations = new ConcurrentHashMap<>();

	TracedInvocations(AgentTracer tracer, boolean reactor) {
		this.tracer = tracer;
		this.reactor = reactor;
	}

	/**
	 * Runs the method inside what its annotations ask for: a run around a tool call around a model
	 * call, for a method with more than one (as an aspect's advice nests in declaration order).
	 */
	@Nullable Object invoke(TracedMethod traced, @Nullable Object target, @Nullable Object[] args,
			Invocation invocation) throws Throwable {
		return traced.isRun() ? run(traced, target, args, () -> toolOrModelCall(traced, args, invocation))
				: toolOrModelCall(traced, args, invocation);
	}

	/** The tool call around the model call, for what of the two the method is. */
	private @Nullable Object toolOrModelCall(TracedMethod traced, @Nullable Object[] args, Invocation invocation)
			throws Throwable {
		if (!traced.isTool()) {
			return traced.isModelCall() ? modelCall(traced, args, invocation) : invocation.proceed();
		}
		return tool(traced, args, traced.isModelCall() ? () -> modelCall(traced, args, invocation) : invocation);
	}

	@Nullable Object run(TracedMethod traced, @Nullable Object target, @Nullable Object[] args, Invocation invocation)
			throws Throwable {
		AgentTracer.RunBuilder builder = this.tracer.newRun(traced.agentName(target))
			.model(traced.model())
			.input(traced.runInput(args))
			.sessionId(traced.sessionId(args));
		if (traced.returnKind() != TracedMethod.ReturnKind.PLAIN) {
			Object publisher;
			try {
				publisher = invocation.proceed();
			}
			catch (Throwable ex) {
				builder.start().fail(ex); // threw instead of returning its Mono or Flux
				throw ex;
			}
			TracingContext context = TracingContext.capture();
			return ReactorTracing.run(publisher, () -> startDetached(context, builder));
		}
		AgentRun run = builder.start();
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			run.fail(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			run.detach();
			return CompletionStages.whenComplete(stage, traced.method().getReturnType(), run::complete, run::fail);
		}
		run.complete(result);
		return result;
	}

	@Nullable Object tool(TracedMethod traced, @Nullable Object[] args, Invocation invocation) throws Throwable {
		if (ToolCall.current().claimBody()) {
			return invocation.proceed(); // the body of a tool call an integration (Spring AI) records already
		}
		AgentRun parent = AgentTracer.currentRun();
		if (traced.returnKind() != TracedMethod.ReturnKind.PLAIN) {
			Object publisher;
			try {
				publisher = invocation.proceed();
			}
			catch (Throwable ex) {
				if (parent != null) {
					parent.startTool(traced.toolName(), traced.toolArguments(args)).fail(ex);
				}
				throw ex;
			}
			return ReactorTracing.child(publisher, parent,
					(run) -> ReactorTracing.Child.of(run.startTool(traced.toolName(), traced.toolArguments(args))));
		}
		if (parent == null) {
			return invocation.proceed(); // outside any run: not recorded, as AgentTracer.startTool
		}
		ToolCall call = parent.startTool(traced.toolName(), traced.toolArguments(args));
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			call.detach();
			return CompletionStages.whenComplete(stage, traced.method().getReturnType(), call::complete, call::fail);
		}
		call.complete(result);
		return result;
	}

	@Nullable Object modelCall(TracedMethod traced, @Nullable Object[] args, Invocation invocation) throws Throwable {
		AgentRun parent = AgentTracer.currentRun();
		if (traced.returnKind() != TracedMethod.ReturnKind.PLAIN) {
			Object publisher;
			try {
				publisher = invocation.proceed();
			}
			catch (Throwable ex) {
				if (parent != null) {
					parent.startModelCall(traced.callModel(), traced.callProvider(), traced.runInput(args)).fail(ex);
				}
				throw ex;
			}
			return ReactorTracing.child(publisher, parent, (run) -> ReactorTracing.Child
				.of(run.startModelCall(traced.callModel(), traced.callProvider(), traced.runInput(args))));
		}
		if (parent == null) {
			return invocation.proceed(); // outside any run: not recorded, as AgentTracer.startModelCall
		}
		ModelCall call = parent.startModelCall(traced.callModel(), traced.callProvider(), traced.runInput(args));
		Object result;
		try (Scope scope = call.makeCurrent()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			call.fail(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			call.detach();
			return CompletionStages.whenComplete(stage, traced.method().getReturnType(), call::complete, call::fail);
		}
		call.complete(result);
		return result;
	}

	/**
	 * What is known of the method a call runs, or {@code null} (logged) when reading it failed: the
	 * call then runs untraced, as tracing never fails a call.
	 */
	@Nullable TracedMethod tracedOrNull(Method method, @Nullable Object target) {
		try {
			return traced(method, target);
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
			log.warn("method:" + ex.getClass().getName(), () -> "Tracing could not read " + method
					+ "; it runs untraced (" + ex + ")", ex);
			return null;
		}
	}

	/**
	 * What is known of the method a call runs: for a method of an interface (a JDK proxy's), the
	 * target class's method of the same signature, which carries the annotations; looked up once.
	 */
	TracedMethod traced(Method method, @Nullable Object target) {
		if (target == null || !method.getDeclaringClass().isInterface()) {
			return traced(method);
		}
		return this.implementations.computeIfAbsent(new Implementation(method, target.getClass()),
				(key) -> traced(key.implementation()));
	}

	private TracedMethod traced(Method method) {
		return this.methods.computeIfAbsent(method, (key) -> new TracedMethod(key, this.reactor));
	}

	/** Starts the run in the context of the call, then ends its scope on this (subscribing) thread. */
	private static AgentRun startDetached(TracingContext context, AgentTracer.RunBuilder builder) {
		try (Scope scope = context.makeCurrent()) {
			AgentRun run = builder.start();
			run.detach();
			return run;
		}
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, TracedInvocations.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * An interface's method as a class implements it. Only Spring AOP's JDK proxies report interface
	 * methods (AspectJ weaving reports the class's own), so Spring's lookup is there to use: the class's
	 * method of that signature, and for a generic interface the method its bridge leads to, whose
	 * return type tells a {@code Mono} or {@code Flux} apart.
	 */
	private record Implementation(Method method, Class<?> type) {

		Method implementation() {
			return AopUtils.getMostSpecificMethod(this.method, this.type);
		}

	}

	/** Proceeds with the intercepted call. */
	@FunctionalInterface
	interface Invocation {

		@Nullable Object proceed() throws Throwable;

	}

}
