package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

/** What the aspect needs to know about an annotated method, read once per method. */
final class TracedMethod {

	private final Method method;

	private final String[] parameterNames;

	private final int sessionIdIndex;

	private final @Nullable TracedRun run;

	private final @Nullable TracedTool tool;

	private final @Nullable TracedModelCall modelCall;

	private final ReturnKind returnKind;

	// read once: an annotation's attributes are calls through a JDK proxy
	private final String toolName;

	private final String runName;

	private final @Nullable String model;

	TracedMethod(Method method, boolean reactor) {
		this.method = method;
		Parameter[] parameters = method.getParameters();
		this.parameterNames = new String[parameters.length];
		int sessionIdIndex = -1;
		for (int i = 0; i < parameters.length; i++) {
			this.parameterNames[i] = parameters[i].getName();
			if (sessionIdIndex < 0 && parameters[i].isAnnotationPresent(SessionId.class)) {
				sessionIdIndex = i;
			}
		}
		this.sessionIdIndex = sessionIdIndex;
		this.run = method.getAnnotation(TracedRun.class);
		this.tool = method.getAnnotation(TracedTool.class);
		this.modelCall = method.getAnnotation(TracedModelCall.class);
		this.returnKind = reactor ? ReactorTracing.returnKind(method.getReturnType()) : ReturnKind.PLAIN;
		String toolName = (this.tool != null) ? this.tool.value() : "";
		this.toolName = toolName.isEmpty() ? method.getName() : toolName;
		this.runName = (this.run != null) ? this.run.value() : "";
		this.model = (this.run != null && !this.run.model().isEmpty()) ? this.run.model() : null;
	}

	Method method() {
		return this.method;
	}

	boolean isRun() {
		return this.run != null;
	}

	boolean isTool() {
		return this.tool != null;
	}

	boolean isModelCall() {
		return this.modelCall != null;
	}

	ReturnKind returnKind() {
		return this.returnKind;
	}

	/** The agent's name: the annotation's, else the simple name of the target's class. */
	String agentName(@Nullable Object target) {
		if (!this.runName.isEmpty()) {
			return this.runName;
		}
		Class<?> type = (target != null) ? target.getClass() : this.method.getDeclaringClass();
		while (type.getName().contains("$$") && type.getSuperclass() != null && type.getSuperclass() != Object.class) {
			type = type.getSuperclass(); // a CGLIB subclass
		}
		return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
	}

	@Nullable String model() {
		return this.model;
	}

	String toolName() {
		return this.toolName;
	}

	/** The model of a {@code @TracedModelCall} method, if named. */
	@Nullable String callModel() {
		return (this.modelCall != null && !this.modelCall.model().isEmpty()) ? this.modelCall.model() : null;
	}

	/** The provider of a {@code @TracedModelCall} method, if named. */
	@Nullable String callProvider() {
		return (this.modelCall != null && !this.modelCall.provider().isEmpty()) ? this.modelCall.provider() : null;
	}

	/** The {@code @SessionId} argument as a string, or {@code null}. */
	@Nullable String sessionId(@Nullable Object[] args) {
		if (this.sessionIdIndex < 0 || this.sessionIdIndex >= args.length) {
			return null;
		}
		Object value = args[this.sessionIdIndex];
		try {
			return (value != null) ? value.toString() : null;
		}
		catch (RuntimeException ex) {
			return null; // a toString() that throws: the run goes to the default session
		}
	}

	/**
	 * A run's input: the one argument, a name &rarr; value map of several, or none;
	 * without the session id.
	 */
	@Nullable Object runInput(@Nullable Object[] args) {
		int count = args.length - ((this.sessionIdIndex >= 0 && this.sessionIdIndex < args.length) ? 1 : 0);
		if (count <= 0) {
			return null;
		}
		if (count == 1) {
			for (int i = 0; i < args.length; i++) {
				if (i != this.sessionIdIndex) {
					return args[i];
				}
			}
		}
		Map<String, @Nullable Object> input = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (i != this.sessionIdIndex) {
				input.put(name(i), args[i]);
			}
		}
		return input;
	}

	/** A tool's arguments by parameter name. */
	Map<String, @Nullable Object> toolArguments(@Nullable Object[] args) {
		return (args.length != 0) ? new ArgumentMap(this.parameterNames, args) : Collections.emptyMap();
	}

	private String name(int index) {
		return (index < this.parameterNames.length) ? this.parameterNames[index] : "arg" + index;
	}

	/** How a method's result finishes its run or tool call. */
	enum ReturnKind {

		/**
		 * When the method returns (a {@code CompletionStage} result: when it completes).
		 */
		PLAIN,

		/** When the returned {@code Mono} completes; started on subscription. */
		MONO,

		/** When the returned {@code Flux} completes; started on subscription. */
		FLUX

	}

}
