package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ModelCall;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.TracingContext;

/** Runs an annotated method inside a run, tool call or model call: the aspect's logic, free of AspectJ types. */
final class TracedInvocations {

	/** Whether Reactor is on the class path: only then is {@link ReactorTracing} loaded. */
	static final boolean REACTOR_PRESENT = isPresent("reactor.core.publisher.Flux");

	private final AgentTracer tracer;

	private final boolean reactor;

	private final Map<Method, TracedMethod> methods = new ConcurrentHashMap<>();

	TracedInvocations(AgentTracer tracer, boolean reactor) {
		this.tracer = tracer;
		this.reactor = reactor;
	}

	@Nullable Object run(Method method, @Nullable Object target, @Nullable Object[] args, Invocation invocation)
			throws Throwable {
		TracedMethod traced = traced(method);
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
			return CompletionStages.whenComplete(stage, method.getReturnType(), run::complete, run::fail);
		}
		run.complete(result);
		return result;
	}

	@Nullable Object tool(Method method, @Nullable Object[] args, Invocation invocation) throws Throwable {
		if (ToolCall.current().claimBody()) {
			return invocation.proceed(); // the body of a tool call an integration (Spring AI) records already
		}
		TracedMethod traced = traced(method);
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
			return CompletionStages.whenComplete(stage, method.getReturnType(), call::complete, call::fail);
		}
		call.complete(result);
		return result;
	}

	@Nullable Object modelCall(Method method, @Nullable Object[] args, Invocation invocation) throws Throwable {
		TracedMethod traced = traced(method);
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
			return CompletionStages.whenComplete(stage, method.getReturnType(), call::complete, call::fail);
		}
		call.complete(result);
		return result;
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

	/** Proceeds with the intercepted call. */
	@FunctionalInterface
	interface Invocation {

		@Nullable Object proceed() throws Throwable;

	}

}
