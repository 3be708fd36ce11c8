package dev.agenttracing.autoconfigure.springai;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.Scope;
import dev.agenttracing.export.NoOpExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of Spring AI's observations {@link SpringAiObservationPredicate} leaves out.
 */
class SpringAiObservationPredicateTests {

	private SpringAiObservationPredicate predicate = new SpringAiObservationPredicate(false);

	private final AgentTracer tracer = AgentTracer.builder().exporter(new NoOpExporter()).build();

	@AfterEach
	void close() {
		this.tracer.close();
	}

	@Test
	void leavesOutTheSpansOfTheTracingAdvisorsEvenOutsideRuns() {
		assertThat(test(advisor("agent-tracing model calls"))).isFalse();
		assertThat(test(advisor("agent-tracing streamed content"))).isFalse();
		assertThat(test(advisor("agent-tracing automatic runs"))).isFalse();
	}

	@Test
	void keepsEverySpringAiSpanOutsideRuns() {
		assertThat(test(advisor("call"))).isTrue();
		assertThat(test(advisor("Tool Calling Advisor"))).isTrue();
		assertThat(test(chatModel())).isTrue();
		assertThat(test(new Observation.Context())).isTrue();
	}

	@Test
	void leavesOutTheModelCallSpansOfSpringAiInsideARunAndKeepsTheApplicationsAdvisors() {
		AgentRun run = this.tracer.newRun("Agent").start();
		try (Scope scope = run.makeCurrent()) {
			assertThat(test(chatModel())).isFalse();
			assertThat(test(advisor("call"))).isFalse();
			assertThat(test(advisor("stream"))).isFalse();
			assertThat(test(advisor("Tool Calling Advisor"))).isFalse();
			assertThat(test(advisor("SimpleLoggerAdvisor"))).isTrue();
			assertThat(test(new Observation.Context())).isTrue();
		}
		finally {
			run.complete();
		}
	}

	@Test
	void leavesOutTheChatClientSpanOfACallThatWillBeAnAutomaticRunOnly() {
		AutoRunAdvisor autoRuns = new AutoRunAdvisor(this.tracer, "Agent");
		assertThat(test(chatClient(List.of(autoRuns)))).isFalse();
		assertThat(test(chatClient(List.of()))).isTrue();
		AgentRun run = this.tracer.newRun("Agent").start();
		try (Scope scope = run.makeCurrent()) {
			assertThat(test(chatClient(List.of(autoRuns)))).isTrue();
		}
		finally {
			run.complete();
		}
		this.predicate = new SpringAiObservationPredicate(true);
		assertThat(test(chatClient(List.of(autoRuns)))).isTrue();
	}

	@Test
	void keepsEverySpringAiSpanInsideARunWhenAskedToButNotTheTracingAdvisors() {
		this.predicate = new SpringAiObservationPredicate(true);
		AgentRun run = this.tracer.newRun("Agent").start();
		try (Scope scope = run.makeCurrent()) {
			assertThat(test(chatModel())).isTrue();
			assertThat(test(advisor("call"))).isTrue();
			assertThat(test(advisor("Tool Calling Advisor"))).isTrue();
			assertThat(test(advisor("agent-tracing model calls"))).isFalse();
		}
		finally {
			run.complete();
		}
	}

	private boolean test(Observation.Context context) {
		return this.predicate.test("name", context);
	}

	private static AdvisorObservationContext advisor(String name) {
		return AdvisorObservationContext.builder()
			.advisorName(name)
			.chatClientRequest(new ChatClientRequest(new Prompt("hello"), Map.of()))
			.order(0)
			.build();
	}

	private static ChatClientObservationContext chatClient(List<Advisor> advisors) {
		return ChatClientObservationContext.builder()
			.request(new ChatClientRequest(new Prompt("hello"), new HashMap<>()))
			.advisors(advisors)
			.build();
	}

	private static ChatModelObservationContext chatModel() {
		return ChatModelObservationContext.builder().prompt(new Prompt("hello")).provider("openai").build();
	}

}
