package dev.agenttracing;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceEventFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The filter comes before sanitizing, and runs, tool calls and model calls share one
 * handle type.
 */
class TracedSpanTests {

	private final RecordingExporter exporter = new RecordingExporter();

	private AgentTracer tracer = AgentTracer.builder().exporter("recording", this.exporter).build();

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void eventsTheFilterDropsAreNeverSanitized() {
		use(AgentTracer.builder().exporter("recording", this.exporter).filter((event) -> false));
		CountingMap arguments = new CountingMap();
		CountingMap result = new CountingMap();
		this.tracer.newRun("agent").input(new CountingMap()).call(() -> {
			this.tracer.callTool("lookup", arguments, () -> result);
			return result;
		});
		assertThat(arguments.reads.get()).isZero();
		assertThat(result.reads.get()).isZero();
		this.tracer.flush(Duration.ofSeconds(5));
		assertThat(this.exporter.events()).isEmpty();
	}

	@Test
	void keptEventsAreSanitizedAfterTheFilterSawThem() throws Exception {
		TraceEventFilter onlyToolEnds = (event) -> event instanceof ToolCallCompleted;
		use(AgentTracer.builder().exporter("recording", this.exporter).filter(onlyToolEnds));
		CountingMap arguments = new CountingMap();
		this.tracer.newRun("agent")
			.call(() -> this.tracer.callTool("lookup",
					Map.of("query", "order 7", "api_key", "sk-live-1234567890abcdef"), () -> "found"));
		this.tracer.newRun("agent").call(() -> this.tracer.callTool("count", arguments, () -> "none"));
		List<TraceEvent> events = this.exporter.awaitEvents(2, Duration.ofSeconds(5));
		assertThat(events).hasSize(2).allMatch(ToolCallCompleted.class::isInstance);
		ToolCallCompleted lookup = (ToolCallCompleted) events.get(0);
		assertThat(lookup.tool().arguments()).containsEntry("query", "order 7")
			.doesNotContainValue("sk-live-1234567890abcdef");
		assertThat(lookup.result()).isEqualTo("found");
		// sanitized once, for the kept completion
		assertThat(arguments.reads.get()).isPositive();
	}

	@Test
	void aFilterThatKeepsNoToolEventLeavesToolCallsUnbuiltButNamedInTheRun() throws Exception {
		use(AgentTracer.builder()
			.exporter("recording", this.exporter)
			.filter(TraceEventFilter.byName(List.of(),
					List.of("ToolCallStarted", "ToolCallCompleted", "ToolCallError"))));
		CountingMap arguments = new CountingMap();
		this.tracer.newRun("agent").call(() -> {
			ToolCall call = this.tracer.startTool("lookup", arguments);
			assertThat(call.isRecorded()).isFalse();
			return call.call(() -> "found");
		});
		assertThat(arguments.reads.get()).isZero();
		List<TraceEvent> events = this.exporter.awaitEvents(2, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event).containsExactly("RunStarted", "RunCompleted");
		assertThat(((RunCompleted) events.get(1)).tools()).containsExactly("lookup");
	}

	@Test
	void anEventAFilterDropsByNameIsNeverBuilt() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		use(AgentTracer.builder().exporter("recording", this.exporter).filter((event) -> {
			seen.add(event.event());
			return true;
		}).filter(TraceEventFilter.byName(List.of(), List.of("RunContent"))));
		AgentRun run = this.tracer.newRun("agent").start();
		run.content("one chunk");
		run.content("another");
		run.contentCompleted();
		run.complete();
		assertThat(this.exporter.awaitEvents(3, Duration.ofSeconds(5))).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "RunContentCompleted", "RunCompleted");
		// the first filter would see every event that is built
		assertThat(seen).containsExactly("RunStarted", "RunContentCompleted", "RunCompleted");
	}

	@Test
	void aPredicateFilterStillSeesEveryToolEvent() throws Exception {
		use(AgentTracer.builder()
			.exporter("recording", this.exporter)
			.filter((event) -> event.event().startsWith("Tool")));
		this.tracer.newRun("agent").call(() -> this.tracer.callTool("lookup", Map.of(), () -> "found"));
		assertThat(this.exporter.awaitEvents(2, Duration.ofSeconds(5))).extracting(TraceEvent::event)
			.containsExactly("ToolCallStarted", "ToolCallCompleted");
	}

	@Test
	void runsToolCallsAndModelCallsAreOneHandleType() {
		AgentRun run = this.tracer.newRun("agent").start();
		List<TracedSpan> spans = List.of(run.startTool("lookup", Map.of()), run.startModelCall("m", "p", "hi"), run);
		for (TracedSpan span : spans) {
			assertThat(span.isRecorded()).isTrue();
			span.complete("done");
		}
		assertThat(run.isFinished()).isTrue();
		assertThat(this.tracer.startTool("outside", Map.of()).isRecorded()).isFalse();
	}

	@Test
	void aFutureReturnedByTheBodyFinishesTheSpanWhenItCompletes() throws Exception {
		CompletableFuture<String> answer = new CompletableFuture<>();
		CompletableFuture<String> returned = this.tracer.newRun("agent")
			.call(() -> this.tracer.callTool("slow", Map.of(), () -> answer));
		assertThat(AgentTracer.currentRun()).isNull();
		this.tracer.flush(Duration.ofSeconds(5));
		assertThat(this.exporter.events()).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted");
		answer.complete("late");
		assertThat(returned.get()).isEqualTo("late");
		List<TraceEvent> events = this.exporter.awaitEvents(4, Duration.ofSeconds(5));
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		assertThat(((ToolCallCompleted) events.get(2)).result()).isEqualTo("late");
		assertThat(((RunCompleted) events.get(3)).output()).isEqualTo("late");
	}

	@Test
	void theBodyOfAModelCallSeesItAsCurrentAndExceptionsAreRethrown() {
		AgentRun run = this.tracer.newRun("agent").start();
		ModelCall call = run.startModelCall("m", "p", "hi");
		assertThatIllegalStateException().isThrownBy(() -> call.call(() -> {
			assertThat(ModelCall.current()).isSameAs(call);
			throw new IllegalStateException("model down");
		}));
		assertThat(ModelCall.current().isRecorded()).isFalse();
		run.complete();
		this.tracer.flush(Duration.ofSeconds(5));
		assertThat(this.exporter.events()).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ModelCallStarted", "ModelCallError", "RunCompleted");
		assertThat(this.exporter.events().get(1)).isNotInstanceOf(ToolCallStarted.class);
	}

	private void use(AgentTracer.Builder builder) {
		this.tracer.shutdown(Duration.ZERO);
		this.tracer = builder.build();
	}

	/** A map that counts how often its content is read, as sanitizing it must. */
	static final class CountingMap extends AbstractMap<String, Object> {

		final AtomicInteger reads = new AtomicInteger();

		@Override
		public Set<Entry<String, Object>> entrySet() {
			this.reads.incrementAndGet();
			return Map.<String, Object>of("query", "order 7").entrySet();
		}

		@Override
		public void forEach(BiConsumer<? super String, ? super Object> action) {
			this.reads.incrementAndGet();
			super.forEach(action);
		}

		@Override
		public int size() {
			this.reads.incrementAndGet();
			return 1;
		}

	}

}
