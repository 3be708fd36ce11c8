package dev.agenttracing.aop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.RunConfig;
import dev.agenttracing.Scope;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingAspectTests {

	private static final Duration DELAY = Duration.ofMillis(150);

	final RecordingExporter exporter = new RecordingExporter();

	final AgentTracer tracer = AgentTracer.builder().exporter("recording", this.exporter).build();

	private final TracingAspect aspect = new TracingAspect(this.tracer);

	private final Tools toolsTarget = new Tools();

	private final Tools tools = proxy(this.toolsTarget);

	private final Agent agent = proxy(new Agent(this.tools));

	@AfterEach
	void shutdown() {
		this.tracer.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void recordsRunWithTheSingleArgumentAsInputAndTheReturnValueAsOutput() {
		assertThat(this.agent.answer("What is 15 * 7?")).isEqualTo("105");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		RunStarted started = this.exporter.single(RunStarted.class);
		assertThat(started.input()).isEqualTo("What is 15 * 7?");
		assertThat(started.model()).isEqualTo("gpt-5-mini");
		assertThat(started.agentName()).isEqualTo("Support Agent");
		RunCompleted completed = this.exporter.single(RunCompleted.class);
		assertThat(completed.output()).isEqualTo("105");
		assertThat(completed.tools()).containsExactly("calculate");
		assertThat(completed.runId()).isEqualTo(started.runId());
		assertThat(AgentTracer.currentRun()).isNull();
	}

	@Test
	void recordsSeveralArgumentsAsNameValueMapWithoutTheSessionId() {
		this.agent.chat("user-42", "Hello", 3);
		flush();
		RunStarted started = this.exporter.single(RunStarted.class);
		assertThat(started.input()).isEqualTo(Map.of("message", "Hello", "turn", 3));
		assertThat(started.sessionId()).isEqualTo("user-42");
		assertThat(started.model()).isNull();
	}

	@Test
	void takesTheSessionFromTheRunConfigScopeWithoutSessionIdArgument() {
		try (Scope scope = RunConfig.session("scoped").open()) {
			this.agent.answer("hi");
			this.agent.chat(null, "Hello", 1);
		}
		flush();
		assertThat(this.exporter.events(RunStarted.class)).extracting(RunStarted::sessionId)
			.containsExactly("scoped", "scoped");
	}

	@Test
	void fallsBackToTheDefaultSession() {
		this.agent.answer("hi");
		flush();
		assertThat(this.exporter.single(RunStarted.class).sessionId()).isEqualTo(AgentTracer.DEFAULT_SESSION);
	}

	@Test
	void namesTheAgentAfterItsClassByDefault() {
		this.agent.unnamed();
		flush();
		RunStarted started = this.exporter.single(RunStarted.class);
		assertThat(started.agentName()).isEqualTo("Agent");
		assertThat(started.input()).isNull();
	}

	@Test
	void recordsRunErrorAndRethrowsTheSameException() {
		IOException failure = new IOException("model unavailable");
		assertThatThrownBy(() -> this.agent.failing(failure)).isSameAs(failure);
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "RunError");
		RunError error = this.exporter.single(RunError.class);
		assertThat(error.error()).isEqualTo("model unavailable");
		assertThat(error.errorType()).isEqualTo("IOException");
		assertThat(AgentTracer.currentRun()).isNull();
	}

	@Test
	void recordsToolCallsAsChildrenOfTheCurrentRunWithArgumentsByName() {
		this.agent.answer("What is 15 * 7?");
		flush();
		RunStarted run = this.exporter.single(RunStarted.class);
		ToolCallStarted started = this.exporter.single(ToolCallStarted.class);
		assertThat(started.tool().name()).isEqualTo("calculate");
		assertThat(started.tool().arguments()).isEqualTo(Map.of("expression", "15 * 7"));
		assertThat(started.parentSpanId()).isEqualTo(run.spanId());
		ToolCallCompleted completed = this.exporter.single(ToolCallCompleted.class);
		assertThat(completed.result()).isEqualTo("105");
		assertThat(completed.tool().callId()).isEqualTo(started.tool().callId());
	}

	@Test
	void namesTheToolAfterTheMethodByDefault() {
		this.agent.run(() -> this.tools.lookupTicket(7, "open"));
		flush();
		ToolCallStarted started = this.exporter.single(ToolCallStarted.class);
		assertThat(started.tool().name()).isEqualTo("lookupTicket");
		assertThat(started.tool().arguments()).isEqualTo(Map.of("id", 7, "status", "open"));
	}

	@Test
	void recordsToolErrorAndRethrowsTheSameException() {
		IllegalStateException failure = new IllegalStateException("no such ticket");
		assertThatThrownBy(() -> this.agent.run(() -> this.tools.failing(failure))).isSameAs(failure);
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallError", "RunError");
		ToolCallError error = this.exporter.single(ToolCallError.class);
		assertThat(error.error()).isEqualTo("no such ticket");
		assertThat(error.errorType()).isEqualTo("IllegalStateException");
	}

	@Test
	void doesNotRecordAToolCalledOutsideAnyRun() {
		assertThat(this.tools.calculate("1 + 1")).isEqualTo("105");
		IllegalStateException failure = new IllegalStateException("boom");
		assertThatThrownBy(() -> this.tools.failing(failure)).isSameAs(failure);
		assertThat(this.tools.futureTool(Duration.ZERO).join()).isEqualTo("done");
		assertThat(this.tools.monoTool(Duration.ZERO).block()).isEqualTo("done");
		flush();
		assertThat(this.exporter.events()).isEmpty();
	}

	@Test
	void finishesAFutureToolWhenTheFutureCompletes() {
		String result = this.agent.run(() -> this.tools.futureTool(DELAY).join());
		assertThat(result).isEqualTo("done");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		ToolCallCompleted completed = this.exporter.single(ToolCallCompleted.class);
		assertThat(completed.result()).isEqualTo("done");
		assertThat(completed.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(Duration.ofSeconds(5));
		assertThat(this.exporter.single(RunCompleted.class).metrics().duration()).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void recordsAFailedFutureToolAndPassesTheSameExceptionOn() {
		IllegalStateException failure = new IllegalStateException("search index down");
		CompletableFuture<String> future = this.agent.run(() -> {
			CompletableFuture<String> returned = this.tools.failingFutureTool(DELAY, failure);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> returned.get(5, TimeUnit.SECONDS))
				.withCause(failure);
			return returned;
		});
		assertThat(future).isCompletedExceptionally();
		flush();
		ToolCallError error = this.exporter.single(ToolCallError.class);
		assertThat(error.error()).isEqualTo("search index down");
		assertThat(error.errorType()).isEqualTo("IllegalStateException");
		assertThat(error.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void cancellingTheReturnedFutureCancelsTheMethodsFutureAndFailsTheTool() {
		this.agent.run(() -> {
			CompletableFuture<String> returned = this.tools.futureTool(Duration.ofSeconds(30));
			returned.cancel(true);
			return null;
		});
		flush();
		assertThat(this.toolsTarget.lastFuture).isCancelled();
		assertThat(this.exporter.single(ToolCallError.class).errorType()).isEqualTo("CancellationException");
	}

	@Test
	void finishesAFutureRunWhenItsFutureCompletesAndLeavesNoRunCurrent() throws Exception {
		CompletableFuture<String> answer = this.agent.answerLater("question");
		assertThat(AgentTracer.currentRun()).isNull();
		assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("later");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		RunCompleted completed = this.exporter.single(RunCompleted.class);
		assertThat(completed.output()).isEqualTo("later");
		assertThat(completed.metrics().duration()).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void failsAFutureRunWithTheFuturesException() {
		CompletableFuture<String> answer = this.agent.failLater();
		assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("bad question");
		flush();
		RunError error = this.exporter.single(RunError.class);
		assertThat(error.errorType()).isEqualTo("IllegalArgumentException");
		assertThat(error.metrics().duration()).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void startsAMonoToolOnSubscriptionAndFinishesItOnSuccess() {
		String result = this.agent.run(() -> {
			Mono<String> mono = this.tools.monoTool(DELAY);
			flush();
			assertThat(this.exporter.names()).containsExactly("RunStarted");
			return mono.block(Duration.ofSeconds(5));
		});
		assertThat(result).isEqualTo("done");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		ToolCallCompleted completed = this.exporter.single(ToolCallCompleted.class);
		assertThat(completed.result()).isEqualTo("done");
		assertThat(completed.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void recordsAFailedMonoToolAndPassesTheSameExceptionOn() {
		IllegalStateException failure = new IllegalStateException("rate limited");
		assertThatThrownBy(() -> this.agent.run(() -> this.tools.failingMonoTool(DELAY, failure).block()))
			.isSameAs(failure);
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallError", "RunError");
		ToolCallError error = this.exporter.single(ToolCallError.class);
		assertThat(error.error()).isEqualTo("rate limited");
		assertThat(error.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void tracesAMonoRunPerSubscriptionWithToolsOnOtherThreadsAsItsChildren() {
		Mono<String> answer = this.agent.answerReactively("question");
		flush();
		assertThat(this.exporter.events()).isEmpty();
		assertThat(answer.block(Duration.ofSeconds(5))).isEqualTo("done!");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		RunStarted run = this.exporter.single(RunStarted.class);
		assertThat(run.input()).isEqualTo("question");
		assertThat(this.exporter.single(ToolCallStarted.class).parentSpanId()).isEqualTo(run.spanId());
		RunCompleted completed = this.exporter.single(RunCompleted.class);
		assertThat(completed.output()).isEqualTo("done!");
		assertThat(completed.metrics().duration()).isGreaterThanOrEqualTo(DELAY);
		assertThat(answer.block(Duration.ofSeconds(5))).isEqualTo("done!");
		flush();
		assertThat(this.exporter.events(RunStarted.class)).hasSize(2);
	}

	@Test
	void recordsTheItemsOfAFluxToolAsItsResult() {
		List<String> items = this.agent.run(() -> this.tools.fluxTool(3).collectList().block());
		assertThat(items).containsExactly("item-0", "item-1", "item-2");
		flush();
		assertThat(this.exporter.single(ToolCallCompleted.class).result())
			.isEqualTo(List.of("item-0", "item-1", "item-2"));
	}

	@Test
	void recordsACancelledFluxToolAsCancelled() {
		List<String> items = this.agent.run(() -> this.tools.fluxTool(10).take(2).collectList().block());
		assertThat(items).containsExactly("item-0", "item-1");
		flush();
		ToolCallError error = this.exporter.single(ToolCallError.class);
		assertThat(error.errorType()).isEqualTo("CancellationException");
		assertThat(error.error()).isEqualTo("cancelled by the subscriber");
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallError",
				"RunCompleted");
	}

	@Test
	void tracesAFluxRunUntilItCompletes() {
		List<String> items = this.agent.stream(2).collectList().block(Duration.ofSeconds(5));
		assertThat(items).containsExactly("item-0", "item-1");
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted",
				"RunCompleted");
		assertThat(this.exporter.single(RunCompleted.class).output()).isEqualTo(List.of("item-0", "item-1"));
	}

	@Test
	void recordsReactiveMethodsThatThrowInsteadOfReturning() {
		IllegalArgumentException failure = new IllegalArgumentException("no query");
		assertThatThrownBy(() -> this.agent.run(() -> this.tools.throwingMonoTool(failure))).isSameAs(failure);
		assertThatThrownBy(() -> this.agent.throwingStream(failure)).isSameAs(failure);
		flush();
		assertThat(this.exporter.names()).containsExactly("RunStarted", "ToolCallStarted", "ToolCallError", "RunError",
				"RunStarted", "RunError");
		assertThat(this.exporter.events(RunError.class)).extracting(RunError::error)
			.containsExactly("no query", "no query");
		assertThat(AgentTracer.currentRun()).isNull();
	}

	@Test
	void aMonoToolBehindAGenericInterfaceIsRecordedWhenTheMonoCompletes() {
		@SuppressWarnings("unchecked")
		Handler<String, Mono<String>> handler = interfaceProxy(new MonoHandler(), Handler.class);
		String result = this.agent.run(() -> handler.handle("x").block(Duration.ofSeconds(5)));
		assertThat(result).isEqualTo("handled x");
		flush();
		ToolCallCompleted completed = this.exporter.single(ToolCallCompleted.class);
		assertThat(completed.result()).isEqualTo("handled x");
		assertThat(completed.duration()).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void readsTheAnnotationFromTheClassBehindAJdkProxy() {
		Greeter greeter = interfaceProxy(new GreetingAgent(), Greeter.class);
		assertThat(greeter.greet("Ada")).isEqualTo("Hello Ada");
		flush();
		RunStarted started = this.exporter.single(RunStarted.class);
		assertThat(started.agentName()).isEqualTo("GreetingAgent");
		assertThat(started.input()).isEqualTo("Ada");
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

	/**
	 * A JDK proxy of the target's interface, traced by the aspect (by the advisor in the
	 * subclass).
	 */
	<T> T interfaceProxy(Object target, Class<T> type) {
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.addInterface(type);
		factory.addAspect(this.aspect);
		return factory.getProxy();
	}

	/** Work run inside a traced run. */
	@FunctionalInterface
	interface Body<T, E extends Exception> {

		T call() throws E;

	}

	static class Agent {

		private final Tools tools;

		Agent(Tools tools) {
			this.tools = tools;
		}

		@TracedRun(value = "Support Agent", model = "gpt-5-mini")
		public String answer(String question) {
			return this.tools.calculate("15 * 7");
		}

		@TracedRun("Chat Agent")
		public String chat(@SessionId String user, String message, int turn) {
			return "ok";
		}

		@TracedRun
		public void unnamed() {
		}

		@TracedRun
		public String failing(IOException failure) throws IOException {
			throw failure;
		}

		@TracedRun
		public <T, E extends Exception> T run(Body<T, E> body) throws E {
			return body.call();
		}

		@TracedRun
		public CompletableFuture<String> answerLater(String question) {
			return this.tools.futureTool(DELAY).thenApply((result) -> "later");
		}

		@TracedRun
		public CompletableFuture<String> failLater() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IllegalArgumentException("bad question");
			}, CompletableFuture.delayedExecutor(DELAY.toMillis(), TimeUnit.MILLISECONDS));
		}

		@TracedRun
		public Mono<String> answerReactively(String question) {
			return Mono.just(question)
				.publishOn(Schedulers.parallel())
				.flatMap((q) -> this.tools.monoTool(DELAY))
				.map((result) -> result + "!");
		}

		@TracedRun
		public Flux<String> throwingStream(RuntimeException failure) {
			throw failure;
		}

		@TracedRun
		public Flux<String> stream(int count) {
			return this.tools.fluxTool(count);
		}

	}

	static class Tools {

		volatile CompletableFuture<String> lastFuture;

		@TracedTool("calculate")
		public String calculate(String expression) {
			return "105";
		}

		@TracedTool
		public String lookupTicket(int id, String status) {
			return "ticket " + id;
		}

		@TracedTool
		public String failing(RuntimeException failure) {
			throw failure;
		}

		@TracedTool
		public CompletableFuture<String> futureTool(Duration delay) {
			CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> "done",
					CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
			this.lastFuture = future;
			return future;
		}

		@TracedTool
		public CompletableFuture<String> failingFutureTool(Duration delay, RuntimeException failure) {
			CompletableFuture<String> future = new CompletableFuture<>();
			CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
				.execute(() -> future.completeExceptionally(failure));
			return future;
		}

		@TracedTool
		public Mono<String> monoTool(Duration delay) {
			return Mono.delay(delay).map((tick) -> "done");
		}

		@TracedTool
		public Mono<String> failingMonoTool(Duration delay, RuntimeException failure) {
			return Mono.delay(delay).flatMap((tick) -> Mono.error(failure));
		}

		@TracedTool
		public Mono<String> throwingMonoTool(RuntimeException failure) {
			throw failure;
		}

		@TracedTool
		public Flux<String> fluxTool(int count) {
			return Flux.range(0, count).map((i) -> "item-" + i);
		}

	}

	/**
	 * A generic interface: its implementation's method is reached through a bridge
	 * method.
	 */
	interface Handler<A, R> {

		R handle(A input);

	}

	static class MonoHandler implements Handler<String, Mono<String>> {

		@Override
		@TracedTool("handle")
		public Mono<String> handle(String input) {
			return Mono.delay(DELAY).map((tick) -> "handled " + input);
		}

	}

	interface Greeter {

		String greet(String name);

	}

	static class GreetingAgent implements Greeter {

		@Override
		@TracedRun
		public String greet(String name) {
			return "Hello " + name;
		}

	}

}
