package dev.agenttracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current run, tool call and model call carried between threads by Micrometer's
 * context-propagation library, through the accessors registered in
 * {@code META-INF/services}.
 */
class ContextPropagationTests {

	private final RecordingExporter recorder = new RecordingExporter();

	private final List<String> scopes = new CopyOnWriteArrayList<>();

	private final AgentTracer tracer = AgentTracer.builder()
		.exporter("recorder", this.recorder)
		.listener(new ScopeRecordingListener())
		.build();

	private final ExecutorService pool = Executors.newSingleThreadExecutor((task) -> new Thread(task, "pool"));

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void theGlobalContextRegistryLoadsTheAccessorsOfTheRunTheToolCallAndTheModelCall() {
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
			.contains(TracingContext.CONTEXT_KEY, TracingContext.TOOL_CALL_KEY, TracingContext.MODEL_CALL_KEY);
		assertThat(new ContextRegistry().loadThreadLocalAccessors().getThreadLocalAccessors())
			.filteredOn((accessor) -> accessor.getClass().getPackageName().startsWith("dev.agenttracing"))
			.extracting(ThreadLocalAccessor::key)
			.containsExactlyInAnyOrder(TracingContext.CONTEXT_KEY, TracingContext.TOOL_CALL_KEY,
					TracingContext.MODEL_CALL_KEY);
	}

	@Test
	void aSnapshotCarriesTheRunAndItsConfigToAPlainExecutorAndItsToolsBecomeTheRunsChildren() throws Exception {
		RunConfig config = RunConfig.of("queue-7", Map.of("team", "support"));
		AgentRun started;
		try (Scope scope = config.open(); AgentRun run = this.tracer.newRun("Agent").start()) {
			started = run;
			ContextSnapshot snapshot = this.snapshots.captureAll();
			Future<String> seen = this.pool.submit(snapshot.wrap(() -> {
				String found = this.tracer.callTool("search", Map.of("q", "x"), () -> "found");
				return found + " in " + AgentTracer.currentRun() + " with " + RunConfig.current().groupId();
			}));
			assertThat(seen.get()).isEqualTo("found in " + run + " with queue-7");
			run.complete("done");
		}
		AgentRun run = started;
		assertThat(this.pool.submit(ContextPropagationTests::currentValues).get()).isEqualTo("nothing current");
		List<TraceEvent> events = this.recorder.awaitEvents(4, Duration.ofSeconds(5));
		assertChildOf(events, run);
		assertThat(this.scopes).contains("tool scope closed on pool");
	}

	@Test
	void anExecutorWrappedByContextPropagationCarriesTheRun() throws Exception {
		ExecutorService wrapped = ContextExecutorService.wrap(this.pool, () -> this.snapshots.captureAll());
		try (AgentRun run = this.tracer.newRun("Agent").start()) {
			wrapped.submit(() -> this.tracer.callTool("search", Map.of(), () -> "found")).get();
			run.complete("done");
			assertChildOf(this.recorder.awaitEvents(4, Duration.ofSeconds(5)), run);
		}
	}

	@Test
	void carriesTheCurrentToolCallAndModelCall() throws Exception {
		try (AgentRun run = this.tracer.newRun("Agent").start()) {
			ToolCall tool = run.startTool("lookup", Map.of());
			ModelCall model = run.startModelCall("gpt-5-mini", "openai", "hi");
			ContextSnapshot snapshot;
			try (Scope toolScope = tool.makeCurrent(); Scope modelScope = model.makeCurrent()) {
				snapshot = this.snapshots.captureAll();
			}
			assertThat(this.pool.submit(snapshot.wrap(() -> List.of(ToolCall.current(), ModelCall.current()))).get())
				.containsExactly(tool, model);
			assertThat(ToolCall.current().isRecorded()).isFalse();
			assertThat(ModelCall.current().isRecorded()).isFalse();
			model.complete("hello");
			tool.complete("ok");
		}
	}

	@Test
	void restoresWhatTheThreadHadBeforeAndTheRunsOwnScopeStillEndsThere() throws Exception {
		AgentRun carried = this.tracer.newRun("Carried").start();
		ContextSnapshot snapshot = this.snapshots.captureAll();
		carried.detach();
		assertThat(AgentTracer.currentRun()).isNull();
		AtomicReference<String> seen = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			AgentRun own = this.tracer.newRun("Own").start();
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
				seen.set("inside: " + AgentTracer.currentRun().info().agentName());
			}
			seen.set(seen.get() + ", after: " + AgentTracer.currentRun().info().agentName());
			own.complete();
			seen.set(seen.get() + ", completed: " + currentValues());
		});
		thread.start();
		thread.join();
		carried.complete();
		assertThat(seen.get()).isEqualTo("inside: Carried, after: Own, completed: nothing current");
	}

	@Test
	void aClearingSnapshotHidesTheRunAndThenRestoresIt() throws Exception {
		// on a thread with nothing current: clears what it sets
		ContextSnapshot empty = ContextSnapshotFactory.builder().clearMissing(true).build().captureAll();
		try (AgentRun run = this.tracer.newRun("Agent").start()) {
			try (ContextSnapshot.Scope scope = empty.setThreadLocals()) {
				assertThat(currentValues()).isEqualTo("nothing current");
			}
			assertThat(AgentTracer.currentRun()).isSameAs(run);
		}
		assertThat(currentValues()).isEqualTo("nothing current");
	}

	@Test
	void aRunThatEndsWhileASnapshotHidesItIsNotRestoredWhenTheSnapshotsScopeCloses() throws Exception {
		ContextSnapshot empty = ContextSnapshotFactory.builder().clearMissing(true).build().captureAll();
		try (Scope config = RunConfig.session("user-42").open()) {
			AgentRun run = this.tracer.newRun("Agent").start();
			try (ContextSnapshot.Scope scope = empty.setThreadLocals()) {
				// as in a Reactor operator that cleared the thread's values
				run.complete("done");
			}
			assertThat(AgentTracer.currentRun()).isNull();
			assertThat(RunConfig.current().sessionId()).isEqualTo("user-42");
			ContextSnapshot after = this.snapshots.captureAll();
			assertThat(
					this.pool.submit(after.wrap(() -> AgentTracer.currentRun() + " " + RunConfig.current().sessionId()))
						.get())
				.isEqualTo("null user-42");
		}
		assertThat(currentValues()).isEqualTo("nothing current");
	}

	@Test
	void aRunCompletedInsideAReactorOperatorWithAutomaticPropagationDoesNotStayCurrent() {
		Hooks.enableAutomaticContextPropagation();
		try {
			AgentRun run = this.tracer.newRun("Agent").start();
			Mono.just("answer")
				.doOnNext(run::complete)
				// restores the thread-locals it knows of
				.contextWrite(Context.of("another.key", "value"))
				.subscribe();
			assertThat(run.isFinished()).isTrue();
			assertThat(currentValues()).isEqualTo("nothing current");
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void tracingContextWrapStillCarriesOnlyTheRunAndItsConfig() throws Exception {
		try (AgentRun run = this.tracer.newRun("Agent").start()) {
			ToolCall tool = run.startTool("lookup", Map.of());
			try (Scope scope = tool.makeCurrent()) {
				String seen = CompletableFuture
					.supplyAsync(() -> AgentTracer.currentRun() + " " + ToolCall.current(),
							TracingContext.wrap(this.pool))
					.get();
				assertThat(seen).isEqualTo(run + " ToolCall[not recorded]");
			}
			tool.complete("ok");
		}
	}

	@Test
	void withRunKeepsTheConfigAndReplacesTheRun() {
		try (Scope scope = RunConfig.session("user-42").open(); AgentRun run = this.tracer.newRun("Agent").start()) {
			TracingContext context = TracingContext.capture();
			run.detach();
			TracingContext without = TracingContext.capture();
			assertThat(without.run()).isNull();
			TracingContext with = without.withRun(run);
			assertThat(with.run()).isSameAs(run);
			assertThat(context.withRun(run)).isSameAs(context);
			try (Scope current = with.makeCurrent()) {
				assertThat(RunConfig.current().sessionId()).isEqualTo("user-42");
				assertThat(AgentTracer.currentRun()).isSameAs(run);
			}
		}
	}

	private static String currentValues() {
		AgentRun run = AgentTracer.currentRun();
		boolean config = RunConfig.current().equals(new RunConfig(null, null, null));
		boolean calls = !ToolCall.current().isRecorded() && !ModelCall.current().isRecorded();
		return (run == null && config && calls) ? "nothing current" : "run " + run + ", config " + RunConfig.current()
				+ ", " + ToolCall.current() + ", " + ModelCall.current();
	}

	private static void assertChildOf(List<TraceEvent> events, AgentRun run) {
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		for (TraceEvent event : events) {
			if (event instanceof ToolCallStarted || event instanceof ToolCallCompleted) {
				assertThat(event.runId()).isEqualTo(run.runId());
				assertThat(event.traceId()).isEqualTo(run.info().traceId());
				assertThat(event.parentSpanId()).isEqualTo(run.info().spanId());
			}
		}
	}

	/** Records on which thread each tool's listener scope closes. */
	private final class ScopeRecordingListener implements TracingListener {

		@Override
		public Handle toolStarted(RunInfo run, Handle runHandle, ToolInvocation tool) {
			return new Handle() {

				@Override
				public void scopeClosed() {
					ContextPropagationTests.this.scopes.add("tool scope closed on " + Thread.currentThread().getName());
				}

				@Override
				public void ended(TraceEvent event, @Nullable Throwable error) {
				}

			};
		}

	}

}
