package dev.agenttracing.aop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.event.ToolCallCompleted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the aspect in a class loader that has no Reactor, as in an application without
 * it.
 */
class TracingAspectWithoutReactorTests {

	@Test
	@SuppressWarnings("unchecked")
	void tracesSynchronousAndFutureMethodsWithoutReactorOnTheClassPath() throws Exception {
		ClassLoader loader = new WithoutReactor(getClass().getClassLoader());
		assertThat(loader.getResource("reactor/core/publisher/Mono.class")).isNull();
		Supplier<List<String>> scenario = (Supplier<List<String>>) loader.loadClass(Scenario.class.getName())
			.getDeclaredConstructor()
			.newInstance();
		assertThat(scenario.getClass().getClassLoader()).isSameAs(loader);
		assertThat(scenario.get()).containsExactly("reactor present: false", "RunStarted", "ToolCallStarted",
				"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted",
				"future tool took at least 100 ms: true");
	}

	/**
	 * Runs inside {@link WithoutReactor}: every class of this project is loaded again
	 * there.
	 */
	public static class Scenario implements Supplier<List<String>> {

		@Override
		public List<String> get() {
			RecordingExporter exporter = new RecordingExporter();
			AgentTracer tracer = AgentTracer.builder().exporter("recording", exporter).build();
			try {
				AspectJProxyFactory tools = new AspectJProxyFactory(new Tools());
				tools.setProxyTargetClass(true);
				tools.addAspect(new TracingAspect(tracer));
				AspectJProxyFactory agent = new AspectJProxyFactory(new Agent(tools.getProxy()));
				agent.setProxyTargetClass(true);
				agent.addAspect(new TracingAspect(tracer));
				String answer = agent.<Agent>getProxy().answer("question");
				if (!answer.equals("sync+future")) {
					throw new AssertionError(answer);
				}
				tracer.flush(Duration.ofSeconds(5));
				List<String> result = new ArrayList<>();
				result.add("reactor present: " + TracedMethodInvoker.REACTOR_PRESENT);
				result.addAll(exporter.names());
				Duration took = exporter.events(ToolCallCompleted.class).get(1).duration();
				result.add("future tool took at least 100 ms: " + (took.toMillis() >= 100));
				return result;
			}
			finally {
				tracer.shutdown(Duration.ofSeconds(5));
			}
		}

	}

	public static class Agent {

		private final Tools tools;

		public Agent(Tools tools) {
			this.tools = tools;
		}

		@TracedRun
		public String answer(String question) {
			return this.tools.sync() + "+" + this.tools.future().join();
		}

	}

	public static class Tools {

		@TracedTool
		public String sync() {
			return "sync";
		}

		@TracedTool
		public CompletableFuture<String> future() {
			return CompletableFuture.supplyAsync(() -> "future",
					CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
		}

	}

	/**
	 * Hides Reactor and defines this project's classes itself, so that they cannot see
	 * Reactor.
	 */
	static final class WithoutReactor extends ClassLoader {

		WithoutReactor(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("reactor.")) {
				throw new ClassNotFoundException(name);
			}
			if (!name.startsWith("dev.agenttracing.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					byte[] bytes = bytes(name);
					loaded = defineClass(name, bytes, 0, bytes.length);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		@Override
		public java.net.URL getResource(String name) {
			return name.startsWith("reactor/") ? null : super.getResource(name);
		}

		private byte[] bytes(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
