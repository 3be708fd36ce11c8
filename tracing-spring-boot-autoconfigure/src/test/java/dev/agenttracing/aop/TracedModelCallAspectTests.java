package dev.agenttracing.aop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.ToolCall;
import dev.agenttracing.annotation.TracedModelCall;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @TracedModelCall} methods, and {@code @TracedTool} methods that an integration
 * records already.
 */
class TracedModelCallAspectTests {

	private static final Duration DELAY = Duration.ofMillis(100);

	private final RecordingExporter exporter = new RecordingExporter();

	final AgentTracer tracer = AgentTracer.builder().exporter("recording", this.exporter).build();

	private final TracingAspect aspect = new TracingAspect(this.tracer);

	private final Llm llm = proxy(new Llm());

	private final Agent agent = proxy(new Agent(this.llm));

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void recordsTheArgumentAsInputTheReturnValueAsOutputAndTheUsageTheMethodReports() {
		assertThat(this.agent.answer("Where is ticket 7?")).isEqualTo("answer to Where is ticket 7?");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted",
				"RunCompleted");
		ModelCallCompleted completed = this.exporter.single(ModelCallCompleted.class);
		assertThat(completed.call().model()).isEqualTo("gpt-5-mini");
		assertThat(completed.call().provider()).isEqualTo("openai");
		assertThat(completed.call().input()).isEqualTo("Where is ticket 7?");
		assertThat(completed.output()).isEqualTo("answer to Where is ticket 7?");
		assertThat(completed.usage()).isEqualTo(TokenUsage.of(12, 4));
		assertThat(completed.finishReason()).isEqualTo("stop");
		assertThat(completed.parentSpanId()).isEqualTo(this.exporter.single(RunStarted.class).spanId());
		assertThat(this.exporter.single(RunCompleted.class).metrics().usage()).isEqualTo(TokenUsage.of(12, 4));
		assertThat(AgentTracer.currentModelCall().isRecorded()).isFalse();
	}

	@Test
	void recordsSeveralArgumentsByNameAndAnErrorRethrowingTheSameException() {
		assertThatThrownBy(() -> this.agent.failing()).isInstanceOf(IOException.class).hasMessage("connection reset");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ModelCallStarted", "ModelCallError",
				"RunError");
		ModelCallError error = this.exporter.single(ModelCallError.class);
		assertThat(error.call().input()).isEqualTo(Map.of("system", "be brief", "user", "hi"));
		assertThat(error.call().model()).isNull();
		assertThat(error.errorType()).isEqualTo("IOException");
	}

	@Test
	void doesNotRecordAModelCallOutsideAnyRun() {
		assertThat(this.llm.complete("hi")).isEqualTo("answer to hi");
		flush();
		assertThat(this.exporter.names()).isEmpty();
	}

	@Test
	void finishesAFutureModelCallWhenTheFutureCompletes() {
		assertThat(this.agent.answerLater("q")).isEqualTo("later: q");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted",
				"RunCompleted");
		ModelCallCompleted completed = this.exporter.single(ModelCallCompleted.class);
		assertThat(completed.output()).isEqualTo("later: q");
		assertThat(completed.duration()).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void startsAMonoModelCallOnSubscriptionAndAFluxModelCallRecordsItsChunks() {
		assertThat(this.agent.answerReactive("q")).isEqualTo("mono: q|a|b|c");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ModelCallStarted", "ModelCallCompleted",
				"ModelCallStarted", "ModelCallCompleted", "RunCompleted");
		List<ModelCallCompleted> calls = this.exporter.events(ModelCallCompleted.class);
		assertThat(calls.get(0).output()).isEqualTo("mono: q");
		assertThat(calls.get(0).duration()).isGreaterThanOrEqualTo(DELAY);
		assertThat(calls.get(1).output()).isEqualTo(List.of("a", "b", "c"));
		assertThat(calls).allSatisfy((call) -> assertThat(call.call().model()).isEqualTo("stream-model"));
	}

	@Test
	void aTracedToolThatIsTheBodyOfAnIntegrationsToolCallIsRecordedOnce() {
		Tools tools = proxy(new Tools());
		try (AgentRun run = this.tracer.newRun("agent").start()) {
			ToolCall call = run.startTool("weather", "call_1", Map.of("city", "Paris"));
			try (Scope scope = call.makeCurrent()) {
				call.complete(tools.weather("Paris"));
			}
			tools.weather("Lyon"); // called directly: recorded as usual
		}
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		List<ToolCallCompleted> calls = this.exporter.events(ToolCallCompleted.class);
		assertThat(calls.get(0).tool().callId()).isEqualTo("call_1");
		assertThat(calls.get(0).result()).isEqualTo("sunny in Paris (forecast for Paris)");
		assertThat(calls.get(1).tool().arguments()).isEqualTo(Map.of("city", "Lyon"));
		assertThat(ToolCall.current().isRecorded()).isFalse();
	}

	private void flush() {
		assertThat(this.tracer.flush(Duration.ofSeconds(5))).isTrue();
	}

	/**
	 * A class-based proxy of the target, traced by the aspect (by the advisor in the
	 * subclass).
	 */
	<T> T proxy(T target) {
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAspect(this.aspect);
		return factory.getProxy();
	}

	static class Llm {

		@TracedModelCall(model = "gpt-5-mini", provider = "openai")
		public String complete(String prompt) {
			AgentTracer.currentModelCall().usage(TokenUsage.of(12, 4)).finishReason("stop");
			return "answer to " + prompt;
		}

		@TracedModelCall
		public String completeFailing(String system, String user) throws IOException {
			throw new IOException("connection reset");
		}

		@TracedModelCall(model = "gpt-5-mini")
		public CompletableFuture<String> completeLater(String prompt) {
			return CompletableFuture.supplyAsync(() -> "later: " + prompt,
					CompletableFuture.delayedExecutor(DELAY.toMillis(), TimeUnit.MILLISECONDS));
		}

		@TracedModelCall(model = "stream-model")
		public Mono<String> completeMono(String prompt) {
			return Mono.just("mono: " + prompt).delayElement(DELAY, Schedulers.parallel());
		}

		@TracedModelCall(model = "stream-model")
		public Flux<String> stream(String prompt) {
			return Flux.just("a", "b", "c").publishOn(Schedulers.boundedElastic());
		}

	}

	static class Agent {

		private final Llm llm;

		Agent(Llm llm) {
			this.llm = llm;
		}

		@TracedRun("Support Agent")
		public String answer(String question) {
			return this.llm.complete(question);
		}

		@TracedRun
		public String failing() throws IOException {
			return this.llm.completeFailing("be brief", "hi");
		}

		@TracedRun
		public String answerLater(String question) {
			return this.llm.completeLater(question).join();
		}

		@TracedRun
		public String answerReactive(String question) {
			String first = this.llm.completeMono(question).block();
			return first + "|" + String.join("|", this.llm.stream(question).collectList().block());
		}

	}

	static class Tools {

		@TracedTool
		public String weather(String city) {
			return "sunny in " + city + " (forecast for " + city + ")";
		}

	}

}
