package dev.agenttracing.autoconfigure.langchain4j;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.service.TokenStream;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentRun;
import dev.agenttracing.Scope;

/**
 * A {@link TokenStream} that records what it hands to the application: each partial
 * response as {@code RunContent}, in order, then {@code RunContentCompleted}; a run it
 * owns completes with the answer or fails with the error. {@code start()} runs in the
 * run, so the model and tool calls of the stream are its children.
 */
final class TracedTokenStream implements InvocationHandler {

	private final TokenStream delegate;

	private final AgentRun run;

	private final boolean ownsRun;

	private final AtomicBoolean ended = new AtomicBoolean();

	private boolean completeHandled;

	private TracedTokenStream(TokenStream delegate, AgentRun run, boolean ownsRun) {
		this.delegate = delegate;
		this.run = run;
		this.ownsRun = ownsRun;
	}

	static TokenStream wrap(TokenStream stream, AgentRun run, boolean ownsRun) {
		return (TokenStream) Proxy.newProxyInstance(TracedTokenStream.class.getClassLoader(),
				new Class<?>[] { TokenStream.class }, new TracedTokenStream(stream, run, ownsRun));
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		String name = method.getName();
		if (method.getDeclaringClass() == Object.class) {
			return switch (name) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "TracedTokenStream[" + this.delegate + "]";
			};
		}
		int count = (args != null) ? args.length : 0;
		if (name.equals("onPartialResponse") && count == 1 && args[0] instanceof Consumer<?> handler) {
			return chained(proxy, this.delegate.onPartialResponse(partial((Consumer<String>) handler)));
		}
		if (name.equals("onPartialResponseWithContext") && count == 1 && args[0] instanceof BiConsumer<?, ?> handler) {
			return chained(proxy, this.delegate
				.onPartialResponseWithContext(partial((BiConsumer<PartialResponse, PartialResponseContext>) handler)));
		}
		if (name.equals("onCompleteResponse") && count == 1 && args[0] instanceof Consumer<?> handler) {
			this.completeHandled = true;
			return chained(proxy, this.delegate.onCompleteResponse(complete((Consumer<ChatResponse>) handler)));
		}
		if (name.equals("onError") && count == 1 && args[0] instanceof Consumer<?> handler) {
			return chained(proxy, this.delegate.onError(error((Consumer<Throwable>) handler)));
		}
		if (name.equals("ignoreErrors") && count == 0) {
			// still ignored, and still recorded
			return chained(proxy, this.delegate.onError(error((ex) -> {
			})));
		}
		if (name.equals("start") && count == 0) {
			if (!this.completeHandled) {
				this.delegate.onCompleteResponse(complete((response) -> {
				}));
			}
			try (Scope scope = this.run.makeCurrent()) {
				this.delegate.start();
			}
			return null;
		}
		try {
			return chained(proxy, method.invoke(this.delegate, args));
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** The proxy in place of the stream the builder methods return. */
	private @Nullable Object chained(Object proxy, @Nullable Object result) {
		return (result == this.delegate) ? proxy : result;
	}

	private Consumer<String> partial(Consumer<String> handler) {
		return (text) -> {
			content(text);
			handler.accept(text);
		};
	}

	private BiConsumer<PartialResponse, PartialResponseContext> partial(
			BiConsumer<PartialResponse, PartialResponseContext> handler) {
		return (response, context) -> {
			content((response != null) ? response.text() : null);
			handler.accept(response, context);
		};
	}

	private void content(@Nullable String text) {
		if (text != null && !text.isEmpty()) {
			this.run.content(text);
		}
	}

	private Consumer<ChatResponse> complete(Consumer<ChatResponse> handler) {
		return (response) -> {
			if (this.ended.compareAndSet(false, true)) {
				this.run.contentCompleted();
				if (this.ownsRun) {
					Object output = null;
					try {
						output = (response.aiMessage() != null) ? response.aiMessage().text() : null;
					}
					catch (RuntimeException ex) {
						// complete the run without output
					}
					this.run.complete(output);
				}
			}
			handler.accept(response);
		};
	}

	private Consumer<Throwable> error(Consumer<Throwable> handler) {
		return (ex) -> {
			if (this.ended.compareAndSet(false, true) && this.ownsRun) {
				this.run.fail(ex);
			}
			handler.accept(ex);
		};
	}

}
