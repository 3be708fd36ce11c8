package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.aop.TracingAspect;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.TraceEventFilter;
import dev.agenttracing.export.jsonl.TraceFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @TracedRun} and {@code @TracedTool} beans proxied by Spring AOP through the
 * auto-configuration.
 */
class TracedBeansTests {

	private static final Duration DELAY = Duration.ofMillis(120);

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TracingAutoConfiguration.class,
					TracingAopAutoConfiguration.class))
			.withUserConfiguration(AgentConfiguration.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	/**
	 * Without AspectJ, Spring Boot registers the auto-proxy creator that applies only
	 * infrastructure advisors (as here, in place of {@code AopAutoConfiguration}): the
	 * advisor is one of them.
	 */
	@Test
	void tracesBeansThroughTheAutoProxyCreatorSpringBootUsesWithoutAspectJ() {
		new ApplicationContextRunner().withInitializer((context) -> {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
			AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
			AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
		})
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingAopAutoConfiguration.class))
			.withUserConfiguration(AgentConfiguration.class)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(InfrastructureAdvisorAutoProxyCreator.class);
				assertThat(AopUtils.isAopProxy(context.getBean(SupportAgent.class))).isTrue();
				assertOneAnswerIsRecordedOnce(context);
			});
	}

	@Test
	void aUsersAspectReplacesTheAdvisorAndEachCallIsRecordedOnce() {
		runner().withUserConfiguration(UserAspectConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TracingAspect.class).doesNotHaveBean(TracingAdvisor.class);
			assertOneAnswerIsRecordedOnce(context);
		});
	}

	/**
	 * One answer of the agent, then the context closed: its run and each tool call are in
	 * the file once.
	 */
	private void assertOneAnswerIsRecordedOnce(AssertableApplicationContext context) throws IOException {
		context.getBean(SupportAgent.class).answer("user-42", "Where is ticket 7?");
		context.close();
		assertThat(TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"))).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted",
					"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "RunContent", "RunCompleted");
	}

	@Test
	void recordsStartedAndFinishedPairsWithTrueDurationsForSynchronousFutureAndMonoTools() {
		runner().run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(SupportAgent.class))).isTrue();
			String answer = context.getBean(SupportAgent.class).answer("user-42", "Where is ticket 7?");
			assertThat(answer).isEqualTo("ticket 7 | kb: Where is ticket 7? | summary of ticket 7");
			context.close();
			List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-42.jsonl"));
			assertThat(events).extracting(TraceEvent::event)
				.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "ToolCallStarted",
						"ToolCallCompleted", "ToolCallStarted", "ToolCallCompleted", "RunContent", "RunCompleted");
			RunStarted run = only(events, RunStarted.class);
			assertThat(run.agentName()).isEqualTo("Support Agent");
			assertThat(run.model()).isEqualTo("gpt-5-mini");
			assertThat(run.input()).isEqualTo("Where is ticket 7?");
			Map<String, ToolCallCompleted> completed = byTool(events, ToolCallCompleted.class);
			assertThat(completed).containsOnlyKeys("lookup_ticket", "searchKb", "summarize");
			assertPaired(events);
			assertThat(completed.get("lookup_ticket").result()).isEqualTo("ticket 7");
			assertThat(completed.get("lookup_ticket").tool().arguments()).isEqualTo(Map.of("id", 7));
			assertThat(completed.get("searchKb").result()).isEqualTo("kb: Where is ticket 7?");
			assertThat(completed.get("summarize").result()).isEqualTo("summary of ticket 7");
			completed.values().forEach((tool) -> {
				assertThat(tool.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.plusSeconds(5));
				assertThat(tool.parentSpanId()).isEqualTo(run.spanId());
			});
			RunCompleted finished = only(events, RunCompleted.class);
			assertThat(finished.output()).isEqualTo(answer);
			assertThat(finished.tools()).containsExactly("lookup_ticket", "searchKb", "summarize");
			assertThat(finished.metrics().duration()).isGreaterThanOrEqualTo(DELAY.multipliedBy(3));
		});
	}

	@Test
	void recordsFailedSynchronousFutureAndMonoToolsAndPassesTheSameExceptionsOn() {
		runner().run((context) -> {
			List<String> seen = context.getBean(SupportAgent.class).tryFailingTools("user-7");
			assertThat(seen).containsExactly("IllegalStateException: no ticket 7 (same: true)",
					"ExecutionException caused by IllegalStateException: kb down (same: true)",
					"IllegalStateException: model overloaded (same: true)");
			context.close();
			List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("user-7.jsonl"));
			assertThat(events).extracting(TraceEvent::event)
				.containsExactly("RunStarted", "ToolCallStarted", "ToolCallError", "ToolCallStarted", "ToolCallError",
						"ToolCallStarted", "ToolCallError", "RunCompleted");
			assertPaired(events);
			Map<String, ToolCallError> errors = byTool(events, ToolCallError.class);
			assertThat(errors.get("failingLookup").error()).isEqualTo("no ticket 7");
			assertThat(errors.get("failingSearchKb").error()).isEqualTo("kb down");
			assertThat(errors.get("failingSummarize").error()).isEqualTo("model overloaded");
			errors.values().forEach((tool) -> {
				assertThat(tool.errorType()).isEqualTo("IllegalStateException");
				assertThat(tool.duration()).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.plusSeconds(5));
			});
		});
	}

	@Test
	void leavesRunContentOutWhenExcludedByProperty() {
		runner().run((context) -> {
			context.getBean(SupportAgent.class).answer("with-content", "q");
			context.close();
			assertThat(names(this.traces.resolve("with-content.jsonl"))).contains("RunContent");
		});
		runner().withPropertyValues("tracing.event-filter.exclude=RunContent").run((context) -> {
			context.getBean(SupportAgent.class).answer("without-content", "q");
			context.close();
			assertThat(names(this.traces.resolve("without-content.jsonl"))).doesNotContain("RunContent")
				.contains("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		});
	}

	@Test
	void leavesOutWhatAFilterBeanRejectsAndWhatThePropertiesExclude() {
		runner().withPropertyValues("tracing.event-filter.exclude=RunContent")
			.withBean("noToolStarts", TraceEventFilter.class, () -> (event) -> !(event instanceof ToolCallStarted))
			.run((context) -> {
				context.getBean(SupportAgent.class).answer("filtered", "q");
				context.close();
				assertThat(names(this.traces.resolve("filtered.jsonl"))).containsExactly("RunStarted",
						"ToolCallCompleted", "ToolCallCompleted", "ToolCallCompleted", "RunCompleted");
			});
	}

	@Test
	void exportsEveryEventOfAThousandQuickRunsWhenTheContextClosesRightAfter() {
		runner().withPropertyValues("tracing.batch-size=512", "tracing.flush-interval=60s").run((context) -> {
			SupportAgent agent = context.getBean(SupportAgent.class);
			for (int i = 0; i < 1000; i++) {
				agent.quick("load", i);
			}
			context.close();
			List<TraceEvent> events = TraceFiles.readTraceEvents(this.traces.resolve("load.jsonl"));
			assertThat(events).hasSize(4000);
			Map<String, List<String>> runs = new LinkedHashMap<>();
			events
				.forEach((event) -> runs.computeIfAbsent(event.runId(), (id) -> new ArrayList<>()).add(event.event()));
			assertThat(runs).hasSize(1000);
			assertThat(runs.values()).allSatisfy((run) -> assertThat(run).containsExactly("RunStarted",
					"ToolCallStarted", "ToolCallCompleted", "RunCompleted"));
			assertThat(
					events.stream().filter(RunStarted.class::isInstance).map((event) -> ((RunStarted) event).input()))
				.containsExactlyElementsOf(Stream.iterate(0, (i) -> i + 1).limit(1000).map((i) -> (Object) i).toList());
		});
	}

	@Test
	void doesNotRecordAToolCalledOutsideAnyRun() {
		runner().run((context) -> {
			assertThat(context.getBean(TicketTools.class).lookupTicket(3)).isEqualTo("ticket 3");
			context.close();
			assertThat(Files.exists(this.traces) ? Files.list(this.traces).toList() : List.of()).isEmpty();
		});
	}

	@Test
	void doesNotTraceACallFromTheSameObject() {
		runner().run((context) -> {
			context.getBean(SupportAgent.class).answerTwice("self");
			context.close();
			assertThat(names(this.traces.resolve("self.jsonl"))).containsOnlyOnce("RunStarted");
		});
	}

	@Test
	void runsAnnotatedMethodsNormallyWhenTracingIsDisabled() {
		runner().withPropertyValues("tracing.enabled=false").run((context) -> {
			SupportAgent agent = context.getBean(SupportAgent.class);
			assertThat(AopUtils.isAopProxy(agent)).isFalse();
			assertThat(agent.answer("user-42", "Where is ticket 7?"))
				.isEqualTo("ticket 7 | kb: Where is ticket 7? | summary of ticket 7");
			assertThat(agent.tryFailingTools("user-7")).hasSize(3);
			context.close();
			assertThat(Files.exists(this.traces) ? Files.list(this.traces).toList() : List.of()).isEmpty();
		});
	}

	private static List<String> names(Path file) throws IOException {
		return TraceFiles.readTraceEvents(file).stream().map(TraceEvent::event).toList();
	}

	private static <T extends TraceEvent> T only(List<TraceEvent> events, Class<T> type) {
		List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static <T extends TraceEvent> Map<String, T> byTool(List<TraceEvent> events, Class<T> type) {
		Map<String, T> byTool = new LinkedHashMap<>();
		for (TraceEvent event : events) {
			if (event instanceof ToolCallCompleted completed && type.isInstance(event)) {
				byTool.put(completed.tool().name(), type.cast(event));
			}
			if (event instanceof ToolCallError error && type.isInstance(event)) {
				byTool.put(error.tool().name(), type.cast(event));
			}
		}
		return byTool;
	}

	/** Every tool call started once and finished once, in that order. */
	private static void assertPaired(List<TraceEvent> events) {
		Map<String, List<String>> calls = new LinkedHashMap<>();
		for (TraceEvent event : events) {
			String callId = (event instanceof ToolCallStarted started) ? started.tool().callId()
					: (event instanceof ToolCallCompleted completed) ? completed.tool().callId()
							: (event instanceof ToolCallError error) ? error.tool().callId() : null;
			if (callId != null) {
				calls.computeIfAbsent(callId, (id) -> new ArrayList<>()).add(event.event());
			}
		}
		assertThat(calls).isNotEmpty();
		assertThat(calls.values())
			.allSatisfy((call) -> assertThat(call).hasSize(2).first().isEqualTo("ToolCallStarted"));
	}

	private static void pause() {
		try {
			Thread.sleep(DELAY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static <T> CompletableFuture<T> later(java.util.function.Supplier<T> work) {
		return CompletableFuture.supplyAsync(work,
				CompletableFuture.delayedExecutor(DELAY.toMillis(), TimeUnit.MILLISECONDS));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAspectConfiguration {

		@Bean
		TracingAspect myAspect(AgentTracer tracer) {
			return new TracingAspect(tracer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AgentConfiguration {

		@Bean
		TicketTools ticketTools() {
			return new TicketTools();
		}

		@Bean
		SupportAgent supportAgent(TicketTools tools) {
			return new SupportAgent(tools);
		}

	}

	static class SupportAgent {

		private final TicketTools tools;

		SupportAgent(TicketTools tools) {
			this.tools = tools;
		}

		@TracedRun(value = "Support Agent", model = "gpt-5-mini")
		public String answer(@SessionId String user, String question) {
			String ticket = this.tools.lookupTicket(7);
			String kb = this.tools.searchKb(question).join();
			String summary = this.tools.summarize(ticket).block();
			AgentRun run = AgentTracer.currentRun();
			if (run != null) {
				run.content("streamed chunk");
			}
			return ticket + " | " + kb + " | " + summary;
		}

		@TracedRun
		public List<String> tryFailingTools(@SessionId String user) {
			List<String> seen = new ArrayList<>();
			try {
				this.tools.failingLookup(7);
			}
			catch (IllegalStateException ex) {
				seen.add(describe(ex, TicketTools.LOOKUP_FAILURE));
			}
			try {
				this.tools.failingSearchKb("q").get(5, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				seen.add("ExecutionException caused by " + describe(ex.getCause(), TicketTools.KB_FAILURE));
			}
			catch (Exception ex) {
				seen.add("unexpected " + ex);
			}
			try {
				this.tools.failingSummarize("text").block();
			}
			catch (IllegalStateException ex) {
				seen.add(describe(ex, TicketTools.MODEL_FAILURE));
			}
			return seen;
		}

		private static String describe(Throwable seen, Throwable thrown) {
			return seen.getClass().getSimpleName() + ": " + seen.getMessage() + " (same: " + (seen == thrown) + ")";
		}

		@TracedRun("Quick Agent")
		public String quick(@SessionId String user, int number) {
			return this.tools.echo(number);
		}

		@TracedRun
		public String answerTwice(@SessionId String user) {
			return answer(user, "first") + answer(user, "second");
		}

	}

	static class TicketTools {

		static final IllegalStateException LOOKUP_FAILURE = new IllegalStateException("no ticket 7");

		static final IllegalStateException KB_FAILURE = new IllegalStateException("kb down");

		static final IllegalStateException MODEL_FAILURE = new IllegalStateException("model overloaded");

		@TracedTool("lookup_ticket")
		public String lookupTicket(int id) {
			pause();
			return "ticket " + id;
		}

		@TracedTool
		public CompletableFuture<String> searchKb(String query) {
			return later(() -> "kb: " + query);
		}

		@TracedTool
		public Mono<String> summarize(String text) {
			return Mono.delay(DELAY).map((tick) -> "summary of " + text);
		}

		@TracedTool
		public String failingLookup(int id) {
			pause();
			throw LOOKUP_FAILURE;
		}

		@TracedTool
		public CompletableFuture<String> failingSearchKb(String query) {
			return later(() -> {
				throw KB_FAILURE;
			});
		}

		@TracedTool
		public Mono<String> failingSummarize(String text) {
			return Mono.delay(DELAY).flatMap((tick) -> Mono.error(MODEL_FAILURE));
		}

		@TracedTool
		public String echo(int number) {
			return "echo " + number;
		}

	}

}
