package dev.agenttracing.autoconfigure.langchain4j;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link AiServiceContext} behind an AI service that {@code AiServices} built:
 * the proxy's invocation handler belongs to the builder, which holds the context (a
 * protected field of {@link AiServices}). LangChain4j reads the context's tool service
 * and models at each call, so hooks added to it after {@code build()} take effect.
 */
final class AiServiceContexts {

	private AiServiceContexts() {
	}

	/** The context of a service {@code AiServices} built, or {@code null} if none. */
	static @Nullable AiServiceContext of(Object service) {
		if (!Proxy.isProxyClass(service.getClass())) {
			return null;
		}
		try {
			InvocationHandler handler = Proxy.getInvocationHandler(service);
			for (Class<?> type = handler.getClass(); type != null
					&& type != Object.class; type = type.getSuperclass()) {
				for (Field field : type.getDeclaredFields()) {
					if (AiServices.class.isAssignableFrom(field.getType())
							|| field.getType() == AiServiceContext.class) {
						field.setAccessible(true);
						Object value = field.get(handler);
						if (value instanceof AiServiceContext context) {
							return context;
						}
						if (value instanceof AiServices<?> builder) {
							return of(builder);
						}
					}
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// not built by AiServices, or a LangChain4j that hides it
		}
		return null;
	}

	private static @Nullable AiServiceContext of(AiServices<?> builder) throws ReflectiveOperationException {
		Field field = AiServices.class.getDeclaredField("context");
		field.setAccessible(true);
		return (field.get(builder) instanceof AiServiceContext context) ? context : null;
	}

}
