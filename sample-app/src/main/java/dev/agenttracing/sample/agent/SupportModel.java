package dev.agenttracing.sample.agent;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TokenUsage;

/**
 * The model the {@link SupportAgent} asks what to do: which tools to call, whether to escalate, and
 * the answer itself, streamed. The sample's implementation is the rule-based
 * {@link RuleBasedSupportModel}; one backed by a real chat model implements the same three steps
 * with prompts.
 */
public interface SupportModel {

	/**
	 * Decides what to look up for a customer's question.
	 * @param question the customer's message
	 * @return the plan
	 */
	Plan plan(String question);

	/**
	 * Decides, from what the tools found, whether a human must take the ticket over.
	 * @param question the customer's message
	 * @param findings what the tools found
	 * @return the decision
	 */
	Review review(String question, Findings findings);

	/**
	 * Writes the answer, streaming it.
	 * @param question the customer's message
	 * @param findings what the tools found, escalation included
	 * @param chunks receives the answer's chunks as they are produced, in order
	 * @return the whole answer and the tokens it took
	 */
	Reply answer(String question, Findings findings, Consumer<String> chunks);

	/**
	 * What to look up.
	 *
	 * @param step the step, as shown to a reader of the trace
	 * @param why the reasoning behind it
	 * @param ticketId the ticket to look up, if the customer named one
	 * @param searchQuery what to search the knowledge base for
	 */
	record Plan(String step, String why, @Nullable String ticketId, String searchQuery) {
	}

	/**
	 * Whether to escalate.
	 *
	 * @param step the step, as shown to a reader of the trace
	 * @param why the reasoning behind it
	 * @param escalate whether a human must take over
	 * @param reason the reason given to the human team
	 */
	record Review(String step, String why, boolean escalate, String reason) {
	}

	/**
	 * The answer.
	 *
	 * @param text the whole answer: its chunks, joined
	 * @param usage the tokens it took
	 */
	record Reply(String text, TokenUsage usage) {
	}

}
