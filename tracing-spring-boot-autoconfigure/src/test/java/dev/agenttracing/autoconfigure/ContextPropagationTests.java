package dev.agenttracing.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run carried to other threads by Spring and Reactor through Micrometer's
 * context-propagation, with no {@code TracingContext.wrap}: a tool called on such a
 * thread is a child of the run.
 */
class ContextPropagationTests {

	@TempDir
	Path traces;

	private final RecordingExporter exporter = new RecordingExporter();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
					TracingAutoConfiguration.class, TracingAopAutoConfiguration.class))
			.withBean(RecordingExporter.class, () -> this.exporter)
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void aToolCalledFromAnAsyncMethodIsAChildOfTheRunWhenSpringPropagatesTheContext() {
		runner().withUserConfiguration(AsyncAgentConfiguration.class)
			.withPropertyValues("spring.task.execution.propagate-context=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
				String answer = context.getBean(AsyncAgent.class).answer("ticket 7");
				assertThat(answer).startsWith("found ticket 7 on task-");
				context.getBean(AgentTracer.class).flush(Duration.ofSeconds(5));
				assertToolIsChildOfRun(this.exporter.events(), "Async Agent");
			});
	}

	@Test
	void aToolCalledFromAnAsyncMethodIsNotRecordedWhenSpringDoesNotPropagateTheContext() {
		runner().withUserConfiguration(AsyncAgentConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class);
			assertThat(context.getBean(AsyncAgent.class).answer("ticket 7")).startsWith("found ticket 7 on task-");
			context.getBean(AgentTracer.class).flush(Duration.ofSeconds(5));
			assertThat(this.exporter.names()).containsExactly("RunStarted", "RunCompleted");
		});
	}

	@Test
	void aToolCalledOnAPublishOnThreadIsAChildOfTheRunWithReactorsAutomaticContextPropagation() {
		Hooks.enableAutomaticContextPropagation();
		try {
			runner().withUserConfiguration(ReactiveAgentConfiguration.class).run((context) -> {
				String answer = context.getBean(ReactiveAgent.class).answer("ticket 7").block();
				assertThat(answer).startsWith("found ticket 7 on boundedElastic-");
				context.getBean(AgentTracer.class).flush(Duration.ofSeconds(5));
				assertToolIsChildOfRun(this.exporter.events(), "Reactive Agent");
			});
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void aToolCalledOnAPublishOnThreadIsNotRecordedWithoutAutomaticContextPropagation() {
		runner().withUserConfiguration(ReactiveAgentConfiguration.class).run((context) -> {
			assertThat(context.getBean(ReactiveAgent.class).answer("ticket 7").block())
				.startsWith("found ticket 7 on boundedElastic-");
			context.getBean(AgentTracer.class).flush(Duration.ofSeconds(5));
			assertThat(this.exporter.names()).containsExactly("RunStarted", "RunCompleted");
		});
	}

	private static void assertToolIsChildOfRun(List<TraceEvent> events, String agent) {
		assertThat(events).extracting(TraceEvent::event)
			.containsExactly("RunStarted", "ToolCallStarted", "ToolCallCompleted", "RunCompleted");
		RunStarted run = (RunStarted) events.get(0);
		assertThat(run.agentName()).isEqualTo(agent);
		ToolCallStarted started = (ToolCallStarted) events.get(1);
		ToolCallCompleted completed = (ToolCallCompleted) events.get(2);
		for (TraceEvent tool : List.of(started, completed)) {
			assertThat(tool.runId()).isEqualTo(run.runId());
			assertThat(tool.traceId()).isEqualTo(run.traceId());
			assertThat(tool.parentSpanId()).isEqualTo(run.spanId());
		}
		assertThat(completed.tool().name()).isEqualTo("lookup_ticket");
		assertThat(completed.tool().callId()).isEqualTo(started.tool().callId());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncAgentConfiguration {

		@Bean
		TicketTools ticketTools() {
			return new TicketTools();
		}

		@Bean
		AsyncLookup asyncLookup(TicketTools tools) {
			return new AsyncLookup(tools);
		}

		@Bean
		AsyncAgent asyncAgent(AsyncLookup lookup) {
			return new AsyncAgent(lookup);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveAgentConfiguration {

		@Bean
		TicketTools ticketTools() {
			return new TicketTools();
		}

		@Bean
		ReactiveAgent reactiveAgent(TicketTools tools) {
			return new ReactiveAgent(tools);
		}

	}

	static class AsyncAgent {

		private final AsyncLookup lookup;

		AsyncAgent(AsyncLookup lookup) {
			this.lookup = lookup;
		}

		@TracedRun("Async Agent")
		public String answer(String question) {
			return this.lookup.lookUp(question).join();
		}

	}

	static class AsyncLookup {

		private final TicketTools tools;

		AsyncLookup(TicketTools tools) {
			this.tools = tools;
		}

		@Async
		public CompletableFuture<String> lookUp(String question) {
			return CompletableFuture.completedFuture(this.tools.lookupTicket(question));
		}

	}

	static class ReactiveAgent {

		private final TicketTools tools;

		ReactiveAgent(TicketTools tools) {
			this.tools = tools;
		}

		@TracedRun("Reactive Agent")
		public Mono<String> answer(String question) {
			return Mono.just(question).publishOn(Schedulers.boundedElastic()).map(this.tools::lookupTicket);
		}

	}

	static class TicketTools {

		@TracedTool("lookup_ticket")
		public String lookupTicket(String id) {
			return "found " + id + " on " + Thread.currentThread().getName();
		}

	}

}
