package dev.agenttracing.autoconfigure.langchain4j;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedRun;

/**
 * The proxy around an AI service: each call of one of its methods is a run when no run is
 * current (session: the {@code @MemoryId} argument, if any) and part of the current run
 * otherwise. A {@link TokenStream} answer keeps the run open until the stream completes
 * or fails.
 */
final class TracedAiService implements InvocationHandler {

	private static final String LANGCHAIN4J_PACKAGE = "dev.langchain4j.";

	private final Object delegate;

	private final AgentTracer tracer;

	private final String agentName;

	private final @Nullable String model;

	private TracedAiService(Object delegate, AgentTracer tracer, String agentName, @Nullable String model) {
		this.delegate = delegate;
		this.tracer = tracer;
		this.agentName = agentName;
		this.model = model;
	}

	static Object wrap(Object service, Class<?>[] interfaces, AgentTracer tracer, String agentName,
			@Nullable String model) {
		return Proxy.newProxyInstance(service.getClass().getClassLoader(), interfaces,
				new TracedAiService(service, tracer, agentName, model));
	}

	static boolean isTraced(Object bean) {
		return Proxy.isProxyClass(bean.getClass()) && Proxy.getInvocationHandler(bean) instanceof TracedAiService;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> invokeDelegate(method, args);
			};
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		if (method.getDeclaringClass().getName().startsWith(LANGCHAIN4J_PACKAGE) || AgentTracer.currentRun() != null) {
			// LangChain4j's own methods (ChatMemoryAccess), or a call inside a run: that
			// run records it
			return joined(method, args);
		}
		AgentRun run = startRun(method, args);
		Object result;
		try {
			result = invokeDelegate(method, args);
		}
		catch (Throwable ex) {
			run.fail(ex);
			throw ex;
		}
		if (result instanceof TokenStream stream) {
			// the answer comes later, on the model's threads
			run.detach();
			return TracedTokenStream.wrap(stream, run, true);
		}
		run.complete((result instanceof Result<?> answer) ? answer.content() : result);
		return result;
	}

	private @Nullable Object joined(Method method, @Nullable Object[] args) throws Throwable {
		Object result = invokeDelegate(method, args);
		AgentRun run = AgentTracer.currentRun();
		if (run != null && result instanceof TokenStream stream) {
			return TracedTokenStream.wrap(stream, run, false);
		}
		return result;
	}

	private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private AgentRun startRun(Method method, @Nullable Object[] args) {
		String session = null;
		Map<String, @Nullable Object> input = new LinkedHashMap<>();
		try {
			Parameter[] parameters = method.getParameters();
			for (int i = 0; i < parameters.length && args != null; i++) {
				Object arg = args[i];
				if (parameters[i].isAnnotationPresent(MemoryId.class)) {
					session = (arg != null) ? String.valueOf(arg) : null;
				}
				else if (!(arg instanceof InvocationParameters)) {
					input.put(parameters[i].getName(), arg);
				}
			}
		}
		catch (RuntimeException ex) {
			// start the run with what could be read
		}
		Object runInput = (input.size() == 1) ? input.values().iterator().next() : input.isEmpty() ? null : input;
		String agentName = this.agentName;
		String model = this.model;
		TracedRun annotation = method.getAnnotation(TracedRun.class);
		if (annotation != null) {
			agentName = annotation.value().isEmpty() ? agentName : annotation.value();
			model = annotation.model().isEmpty() ? model : annotation.model();
		}
		return this.tracer.newRun(agentName).model(model).input(runInput).sessionId(session).start();
	}

	@Override
	public String toString() {
		return "TracedAiService[" + this.agentName + "]";
	}

}
