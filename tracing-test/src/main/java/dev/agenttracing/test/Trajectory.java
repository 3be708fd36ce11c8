package dev.agenttracing.test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.event.TokenUsage;

/**
 * Writes a run as a numbered list that a person reads in a failure message:
 *
 * <pre>
 * run of "Support Agent" in session "order": completed
 *   input: "Ticket #1042: the invoice PDF shows the wrong amount"
 *   1. model support-rules-v1 -&gt; {tool_calls=[...]} (TOOL_CALLS, 57 tokens)
 *   2. reasoning "Look up TCK-1042"
 *   3. tool lookup_ticket {ticketId=TCK-1042} -&gt; {id=TCK-1042, ...}
 *   4. tool escalate {ticketId=TCK-1042} !! IllegalStateException: no on-call team
 *   streamed: 12 chunks
 *   output: "The invoice ..."
 *   tokens: 230 (input 180, output 50)
 * </pre>
 */
final class Trajectory {

	/** The longest a value is shown before it is cut with an ellipsis. */
	static final int MAX_VALUE = 120;

	private Trajectory() {
	}

	static String format(CapturedRun run) {
		StringBuilder out = new StringBuilder();
		out.append(run.title()).append(": ").append(outcome(run));
		if (run.input() != null) {
			out.append("\n  input: ").append(value(run.input()));
		}
		int number = 1;
		for (CapturedStep step : run.steps()) {
			out.append("\n  ").append(number++).append(". ").append(step(step));
		}
		if (run.steps().isEmpty()) {
			out.append("\n  (no tool calls, model calls or reasoning steps)");
		}
		if (!run.streamedChunks().isEmpty()) {
			int chunks = run.streamedChunks().size();
			out.append("\n  streamed: ").append(chunks).append((chunks == 1) ? " chunk" : " chunks");
		}
		if (run.completed()) {
			out.append("\n  output: ").append(value(run.output()));
		}
		TokenUsage usage = run.usage();
		if (usage != null) {
			out.append("\n  tokens: ").append(usage(usage));
		}
		return out.toString();
	}

	/** Several runs, one after the other, or a line saying there are none. */
	static String format(List<CapturedRun> runs) {
		if (runs.isEmpty()) {
			return "(no runs captured)";
		}
		StringBuilder out = new StringBuilder();
		for (CapturedRun run : runs) {
			if (!out.isEmpty()) {
				out.append("\n");
			}
			out.append(format(run));
		}
		return out.toString();
	}

	private static String outcome(CapturedRun run) {
		if (run.completed()) {
			return "completed";
		}
		if (run.failed()) {
			return "failed with " + run.errorType() + ": " + run.error();
		}
		return "still running";
	}

	static String step(CapturedStep step) {
		if (step instanceof CapturedToolCall tool) {
			String call = "tool " + tool.name() + " " + value(tool.arguments());
			if (tool.failed()) {
				return call + " !! " + tool.errorType() + ": " + tool.error();
			}
			return call + (tool.running() ? " (running)" : " -> " + value(tool.result()));
		}
		if (step instanceof CapturedModelCall model) {
			String call = "model " + ((model.model() != null) ? model.model() : "(unnamed)");
			if (model.failed()) {
				return call + " !! " + model.errorType() + ": " + model.error();
			}
			if (model.duration() == null) {
				return call + " (running)";
			}
			StringBuilder details = new StringBuilder();
			if (model.finishReason() != null) {
				details.append(model.finishReason());
			}
			TokenUsage usage = model.usage();
			if (usage != null) {
				details.append(details.isEmpty() ? "" : ", ").append(usage.totalTokens()).append(" tokens");
			}
			return call + " -> " + value(model.output()) + (details.isEmpty() ? "" : " (" + details + ")");
		}
		CapturedReasoningStep reasoning = (CapturedReasoningStep) step;
		return "reasoning " + value(reasoning.content());
	}

	static String usage(TokenUsage usage) {
		Double cost = usage.cost();
		return usage.totalTokens() + " (input " + usage.inputTokens() + ", output " + usage.outputTokens()
				+ ((cost != null) ? ", cost " + cost : "") + ")";
	}

	static String quote(@Nullable String text) {
		return (text != null) ? "\"" + text + "\"" : "(none)";
	}

	/**
	 * A value as a short line: strings quoted, maps as {@code {key=value}}, lists as
	 * {@code [a, b]}; cut after {@value #MAX_VALUE} characters.
	 */
	static String value(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		append(out, value);
		if (out.length() > MAX_VALUE) {
			return out.substring(0, MAX_VALUE - 1) + "…";
		}
		return out.toString();
	}

	private static void append(StringBuilder out, @Nullable Object value) {
		if (out.length() > MAX_VALUE) {
			return;
		}
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof CharSequence text) {
			out.append('"').append(text.toString().replace("\n", "\\n")).append('"');
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				out.append(entry.getKey()).append('=');
				appendBare(out, entry.getValue());
				if (entries.hasNext()) {
					out.append(", ");
				}
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(", ");
				}
				appendBare(out, list.get(i));
			}
			out.append(']');
		}
		else {
			out.append(value);
		}
	}

	/**
	 * Inside a map or list strings go without quotes, as {@code Map.toString()} has them.
	 */
	private static void appendBare(StringBuilder out, @Nullable Object value) {
		if (value instanceof CharSequence text) {
			out.append(text.toString().replace("\n", "\\n"));
		}
		else {
			append(out, value);
		}
	}

}
