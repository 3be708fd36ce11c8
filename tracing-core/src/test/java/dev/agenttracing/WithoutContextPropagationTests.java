package dev.agenttracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the tracer in a class loader without context-propagation, as in an application
 * without it.
 */
class WithoutContextPropagationTests {

	@Test
	@SuppressWarnings("unchecked")
	void carriesTheRunWithTracingContextWithoutContextPropagationOnTheClassPath() throws Exception {
		ClassLoader loader = new WithoutContextPropagation(getClass().getClassLoader());
		assertThat(loader.getResource("io/micrometer/context/ThreadLocalAccessor.class")).isNull();
		Supplier<List<String>> scenario = (Supplier<List<String>>) loader.loadClass(Scenario.class.getName())
			.getDeclaredConstructor()
			.newInstance();
		assertThat(scenario.getClass().getClassLoader()).isSameAs(loader);
		assertThat(scenario.get()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"ToolCallStarted", "ToolCallCompleted", "RunCompleted", "tool is the run's child: true",
				"current tool call: true");
	}

	/**
	 * Runs inside {@link WithoutContextPropagation}: every class of this project is
	 * loaded again there.
	 */
	public static class Scenario implements Supplier<List<String>> {

		@Override
		public List<String> get() {
			RecordingExporter exporter = new RecordingExporter();
			AgentTracer tracer = AgentTracer.builder().exporter("recording", exporter).build();
			ExecutorService pool = Executors.newSingleThreadExecutor();
			try {
				boolean current;
				try (AgentRun run = tracer.newRun("Agent").start()) {
					CompletableFuture
						.supplyAsync(() -> tracer.callTool("search", Map.of(), () -> "found"),
								TracingContext.wrap(pool))
						.join();
					ToolCall call = run.startTool("lookup", Map.of());
					try (Scope scope = call.makeCurrent()) {
						current = ToolCall.current() == call;
					}
					call.complete("ticket");
					run.complete("done");
				}
				tracer.flush(Duration.ofSeconds(5));
				List<TraceEvent> events = exporter.events();
				List<String> result = new ArrayList<>(events.stream().map(TraceEvent::event).toList());
				ToolCallCompleted tool = (ToolCallCompleted) events.get(2);
				result.add("tool is the run's child: " + tool.parentSpanId().equals(tool.run().spanId()));
				result.add("current tool call: " + current);
				return result;
			}
			finally {
				pool.shutdownNow();
				tracer.shutdown(Duration.ofSeconds(5));
			}
		}

	}

	/** Loads the project's classes itself and hides context-propagation. */
	static final class WithoutContextPropagation extends ClassLoader {

		private static final String HIDDEN = "io.micrometer.context.";

		WithoutContextPropagation(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith(HIDDEN)) {
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
			return name.startsWith(HIDDEN.replace('.', '/')) ? null : super.getResource(name);
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
