package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracedCall;
import dev.agenttracing.TracedSpan;
import dev.agenttracing.TracingContext;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.internal.RateLimitedLog;

/**
 * Runs a call of a {@link TracedRun @TracedRun}, {@link TracedTool @TracedTool} or
 * {@link TracedModelCall @TracedModelCall} method inside the run, tool call or model call
 * its annotations ask for, free of any AOP framework's types: {@link TracingAspect}
 * (AspectJ) and the Spring Boot starter's Spring AOP advisor both call it, and any other
 * interception mechanism can.
 *
 * <pre>{@code
 * TracedMethodInvoker invoker = new TracedMethodInvoker(tracer);
 * // in an interceptor of Method method on Object target with Object[] args:
 * return invoker.invoke(method, target, args, () -> method.invoke(target, args));
 * }</pre>
 *
 * Exceptions are rethrown unchanged and results returned as they are, except that a
 * returned {@code CompletableFuture} is replaced by one that completes after the span is
 * recorded (cancelling it cancels the method's own), and a {@code Mono} or {@code Flux}
 * (when Reactor is on the class path) is traced per subscription. Reading a method is
 * cached; a method that cannot be read runs untraced.
 */
public final class TracedMethodInvoker {

	/**
	 * Whether Reactor is on the class path: only then is {@link ReactorTracing} loaded.
	 */
	static final boolean REACTOR_PRESENT = isPresent("reactor.core.publisher.Flux");

	private static final RateLimitedLog unreadable = new RateLimitedLog(
			LoggerFactory.getLogger(TracedMethodInvoker.class), Duration.ofMinutes(1));

	private final AgentTracer tracer;

	private final boolean reactor;

	private final Map<Method, TracedMethod> methods = new ConcurrentHashMap<>();

	private final Map<Implementation, TracedMethod> implementations = new ConcurrentHashMap<>();

	/**
	 * An invoker for a tracer.
	 * @param tracer the tracer that starts the runs
	 */
	public TracedMethodInvoker(AgentTracer tracer) {
		this(tracer, REACTOR_PRESENT);
	}

	TracedMethodInvoker(AgentTracer tracer, boolean reactor) {
		this.tracer = tracer;
		this.reactor = reactor;
	}

	/**
	 * Calls the method inside what its annotations ask for: a run around a tool call
	 * around a model call, for a method with more than one (as an aspect's advice nests
	 * in declaration order).
	 * @param method the method called; for an interface method (a JDK proxy's) the target
	 * class's implementation is read, as it carries the annotations
	 * @param target the object called, if any
	 * @param args the arguments
	 * @param invocation proceeds with the call
	 * @return what the method returned
	 * @throws Throwable what the method threw, unchanged
	 */
	public @Nullable Object invoke(Method method, @Nullable Object target, @Nullable Object[] args,
			Invocation invocation) throws Throwable {
		TracedMethod traced = tracedOrNull(method, target);
		if (traced == null) {
			return invocation.proceed();
		}
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
		return trace(traced, true, null, (parent) -> builder.start(), invocation);
	}

	@Nullable Object tool(TracedMethod traced, @Nullable Object[] args, Invocation invocation) throws Throwable {
		if (ToolCall.current().claimBody()) {
			// the body of a tool call an integration (Spring AI) records already
			return invocation.proceed();
		}
		AgentRun parent = AgentTracer.currentRun();
		if (traced.returnKind() == TracedMethod.ReturnKind.PLAIN) {
			// the common case without a lambda: outside any run the call is not recorded
			return (parent != null)
					? proceed(parent.startTool(traced.toolName(), traced.toolArguments(args)), invocation)
					: invocation.proceed();
		}
		return trace(traced, false, parent,
				(run) -> parent(run).startTool(traced.toolName(), traced.toolArguments(args)), invocation);
	}

	@Nullable Object modelCall(TracedMethod traced, @Nullable Object[] args, Invocation invocation) throws Throwable {
		AgentRun parent = AgentTracer.currentRun();
		if (traced.returnKind() == TracedMethod.ReturnKind.PLAIN) {
			return (parent != null)
					? proceed(parent.startModelCall(traced.callModel(), traced.callProvider(), traced.runInput(args)),
							invocation)
					: invocation.proceed();
		}
		return trace(traced, false, parent,
				(run) -> parent(run).startModelCall(traced.callModel(), traced.callProvider(), traced.runInput(args)),
				invocation);
	}

	/**
	 * Runs the call inside the span {@code start} opens: a run, or a child of
	 * {@code parent}; outside any run a child is not recorded. A {@code Mono} or
	 * {@code Flux} is traced per subscription instead.
	 */
	private @Nullable Object trace(TracedMethod traced, boolean run, @Nullable AgentRun parent, Start start,
			Invocation invocation) throws Throwable {
		if (traced.returnKind() != TracedMethod.ReturnKind.PLAIN) {
			Object publisher;
			try {
				publisher = invocation.proceed();
			}
			catch (Throwable ex) {
				if (run || parent != null) {
					// threw instead of returning its Mono or Flux
					start.start(parent).fail(ex);
				}
				throw ex;
			}
			TracingContext caller = TracingContext.capture();
			if (run) {
				return ReactorTracing.trace(publisher, caller, (subscriber) -> startDetached(caller, start));
			}
			return ReactorTracing.trace(publisher, caller, (subscriber) -> {
				AgentRun current = ReactorTracing.run(subscriber, parent);
				return (current != null) ? start.start(current) : null;
			});
		}
		if (!run && parent == null) {
			// outside any run: not recorded, as AgentTracer.startTool
			return invocation.proceed();
		}
		return proceed(start.start(parent), invocation);
	}

	/**
	 * The call as the span's work: a method may return {@code null}, which is its own
	 * result.
	 */
	private static @Nullable Object proceed(TracedSpan span, Invocation invocation) throws Throwable {
		return span.call(invocation);
	}

	/**
	 * The run a tool or model call starts in, which {@link #trace} never leaves
	 * {@code null}.
	 */
	private static AgentRun parent(@Nullable AgentRun run) {
		if (run == null) {
			throw new IllegalStateException("a tool or model call is started only inside a run");
		}
		return run;
	}

	/**
	 * Starts the run in the context of the call, then ends its scope on this
	 * (subscribing) thread.
	 */
	private static TracedSpan startDetached(TracingContext context, Start start) {
		try (Scope scope = context.makeCurrent()) {
			TracedSpan run = start.start(null);
			run.detach();
			return run;
		}
	}

	/**
	 * What is known of the method a call runs, or {@code null} (logged) when reading it
	 * failed: the call then runs untraced, as tracing never fails a call.
	 */
	@Nullable TracedMethod tracedOrNull(Method method, @Nullable Object target) {
		try {
			return traced(method, target);
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
			unreadable.warn("method:" + ex.getClass().getName(),
					() -> "Tracing could not read " + method + "; it runs untraced (" + ex + ")", ex);
			return null;
		}
	}

	/**
	 * What is known of the method a call runs: for a method of an interface (a JDK
	 * proxy's), the target class's method of the same signature, which carries the
	 * annotations; looked up once.
	 */
	TracedMethod traced(Method method, @Nullable Object target) {
		if (target == null || !method.getDeclaringClass().isInterface()) {
			return traced(method);
		}
		return this.implementations.computeIfAbsent(new Implementation(method, target.getClass()),
				(key) -> traced(Implementation.of(key.method(), key.type())));
	}

	private TracedMethod traced(Method method) {
		return this.methods.computeIfAbsent(method, (key) -> new TracedMethod(key, this.reactor));
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, TracedMethodInvoker.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Proceeds with the intercepted call; the span's work when it is traced. */
	@FunctionalInterface
	public interface Invocation extends TracedCall<Object, Throwable> {

		/**
		 * Proceeds with the call.
		 * @return what the method returned
		 * @throws Throwable what the method threw
		 */
		@Nullable Object proceed() throws Throwable;

		/**
		 * Proceeds with the call, as the work of a {@link TracedSpan}.
		 * @return what the method returned
		 * @throws Throwable what the method threw
		 */
		@Override
		@SuppressWarnings("NullAway") // a method may return null: its own result
		default Object call() throws Throwable {
			return proceed();
		}

	}

	/**
	 * Opens the span of one call: a run (which has no parent) or a child of the given
	 * run.
	 */
	@FunctionalInterface
	private interface Start {

		/** Opens the span; {@code parent} is {@code null} only for a run. */
		TracedSpan start(@Nullable AgentRun parent);

	}

	/**
	 * An interface's method as a class implements it (only Spring AOP's JDK proxies
	 * report interface methods; AspectJ weaving reports the class's own): the class's
	 * public method of that signature, and for a generic interface the method its bridge
	 * leads to, whose return type tells a {@code Mono} or {@code Flux} apart.
	 */
	record Implementation(Method method, Class<?> type) {

		static Method of(Method method, Class<?> type) {
			Method found;
			try {
				found = type.getMethod(method.getName(), method.getParameterTypes());
			}
			catch (NoSuchMethodException | SecurityException ex) {
				return method;
			}
			return found.isBridge() ? bridged(found) : found;
		}

		/**
		 * The one method a bridge stands for: same name and arity, narrower types; else
		 * the bridge.
		 */
		private static Method bridged(Method bridge) {
			Method bridged = null;
			for (Class<?> type = bridge.getDeclaringClass(); type != null; type = type.getSuperclass()) {
				for (Method candidate : type.getDeclaredMethods()) {
					if (isBridgedBy(candidate, bridge)) {
						if (bridged != null && !sameSignature(bridged, candidate)) {
							// ambiguous: keep the bridge, which carries the annotations
							// too
							return bridge;
						}
						if (bridged == null) {
							bridged = candidate;
						}
					}
				}
			}
			return (bridged != null) ? bridged : bridge;
		}

		private static boolean isBridgedBy(Method candidate, Method bridge) {
			if (candidate.isBridge() || candidate.isSynthetic() || !candidate.getName().equals(bridge.getName())
					|| candidate.getParameterCount() != bridge.getParameterCount()
					|| !bridge.getReturnType().isAssignableFrom(candidate.getReturnType())) {
				return false;
			}
			Class<?>[] bridgeTypes = bridge.getParameterTypes();
			Class<?>[] candidateTypes = candidate.getParameterTypes();
			for (int i = 0; i < bridgeTypes.length; i++) {
				if (!bridgeTypes[i].isAssignableFrom(candidateTypes[i])) {
					return false;
				}
			}
			return true;
		}

		private static boolean sameSignature(Method one, Method other) {
			return Arrays.equals(one.getParameterTypes(), other.getParameterTypes());
		}

	}

}
