package dev.agenttracing.autoconfigure.springai;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import dev.agenttracing.AgentTracer;

/**
 * Keeps one span per model call and per tool call in a tracing backend: rejects the
 * observations of Spring AI that a traced run already records with its own {@code chat}
 * and {@code execute_tool} observations, and those of this integration's advisors.
 *
 * <p>
 * Rejected: the spans of the agent-tracing advisors (always: they only hand a call to the
 * next advisor); Spring AI's chat model observation ({@code chat <model>}) and the
 * advisor spans that only wrap the call to the model or the tool-calling loop
 * ({@code call}, {@code stream}, {@code Tool Calling Advisor}) when a run is current on
 * the thread; Spring AI's tool observation ({@code execute_tool <name>}) when the tool
 * runs inside a run; Spring AI's {@code chat_client} span of a call that will be an
 * automatic run (no run current, the automatic-run advisor among the call's advisors),
 * which the run's {@code invoke_agent} span replaces. The {@code chat_client} span of a
 * call inside a run and the spans of the application's own advisors stay. Outside any run
 * nothing of Spring AI's is rejected. With
 * {@code tracing.spring-ai.keep-spring-ai-spans=true}, or when runs make no observations
 * ({@code tracing.observations.enabled=false}), only the advisors' spans are left out.
 */
final class SpringAiObservationPredicate implements ObservationPredicate {

	/** The advisors of Spring AI whose span is the model call or the tool loop. */
	private static final Set<String> MODEL_CALL_ADVISORS = Set.of("call", "stream", "Tool Calling Advisor");

	/** The prefix of this integration's advisors' names. */
	static final String ADVISOR_PREFIX = "agent-tracing ";

	private final boolean keepSpringAiSpans;

	/**
	 * A predicate of observations.
	 * @param keepSpringAiSpans whether to keep all of Spring AI's observations and leave
	 * out only those of this integration's advisors
	 */
	SpringAiObservationPredicate(boolean keepSpringAiSpans) {
		this.keepSpringAiSpans = keepSpringAiSpans;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		try {
			if (context instanceof AdvisorObservationContext advisor) {
				String advisorName = advisor.getAdvisorName();
				if (advisorName.startsWith(ADVISOR_PREFIX)) {
					return false;
				}
				return this.keepSpringAiSpans || !(MODEL_CALL_ADVISORS.contains(advisorName) && inRun());
			}
			if (this.keepSpringAiSpans) {
				return true;
			}
			if (context instanceof ChatModelObservationContext) {
				return !inRun();
			}
			if (context instanceof ChatClientObservationContext chatClient) {
				return inRun() || chatClient.getAdvisors().stream().noneMatch(AutoRunAdvisor.class::isInstance);
			}
			if (context instanceof ToolCallingObservationContext) {
				return !inToolRun();
			}
		}
		catch (RuntimeException ex) {
			// keep what cannot be judged
		}
		return true;
	}

	private static boolean inRun() {
		return AgentTracer.currentRun() != null;
	}

	private static boolean inToolRun() {
		return SpringAiContent.run(ToolCallReactiveContextHolder.getContext()) != null;
	}

}
