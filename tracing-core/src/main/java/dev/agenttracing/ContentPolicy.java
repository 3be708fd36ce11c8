package dev.agenttracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What captured content (inputs, outputs, tool arguments and results, streamed chunks)
 * may hold. By default content is captured, values that look like secrets are replaced by
 * {@code [REDACTED]}, and a field longer than 100,000 characters is cut with a visible
 * marker.
 *
 * <pre>{@code
 * ContentPolicy policy = ContentPolicy.defaults()
 *     .withExtraRedactionPatterns(List.of("acme_[a-z0-9]{32}"))
 *     .withMaxFieldLength(20_000);
 * AgentTracer tracer = AgentTracer.builder().contentPolicy(policy).exporter(exporter).build();
 * }</pre>
 *
 * @param captureContent whether inputs, outputs, arguments and results are recorded at
 * all
 * @param redact whether values matching {@link #redactionPatterns()}, and values of keys
 * such as {@code password} or {@code api_key}, become {@code [REDACTED]}
 * @param redactionPatterns the regular expressions of secrets
 * @param maxFieldLength the most characters a captured field keeps
 */
public record ContentPolicy(boolean captureContent, boolean redact, List<String> redactionPatterns,
		int maxFieldLength) {

	/** What takes the place of a secret. */
	public static final String REDACTED = "[REDACTED]";

	/**
	 * The default secret patterns: OpenAI/Anthropic style {@code sk-} keys, Celesto
	 * {@code cel_} keys, bearer tokens, AWS access key ids, GitHub, Slack and Google API
	 * tokens, JSON web tokens and PEM private keys. Each runs in time linear in the text:
	 * the JSON web token pattern starts only where a run of token characters starts and
	 * takes each segment whole (possessive), so text such as {@code -eyJ} repeated cannot
	 * make it try every {@code eyJ} against the rest of the text.
	 */
	public static final List<String> DEFAULT_REDACTION_PATTERNS = List.of("\\bsk-[A-Za-z0-9_\\-]{16,}",
			"\\bcel_[A-Za-z0-9_\\-]{8,}", "(?i)\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*",
			"\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", "\\bgh[pousr]_[A-Za-z0-9]{30,}", "\\bxox[abprs]-[A-Za-z0-9\\-]{10,}",
			"\\bAIza[0-9A-Za-z_\\-]{35}",
			"(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{8,}+",
			"-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)");

	public ContentPolicy {
		if (maxFieldLength < 16) {
			throw new IllegalArgumentException("maxFieldLength must be at least 16 but was " + maxFieldLength);
		}
		redactionPatterns = List.copyOf(redactionPatterns);
		for (String pattern : redactionPatterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"invalid redaction pattern '" + pattern + "': " + ex.getDescription(), ex);
			}
		}
	}

	/**
	 * Capture on, redaction on with the default patterns, fields up to 100,000
	 * characters.
	 */
	public static ContentPolicy defaults() {
		return new ContentPolicy(true, true, DEFAULT_REDACTION_PATTERNS, 100_000);
	}

	/** This policy with content capture switched on or off. */
	public ContentPolicy withCaptureContent(boolean captureContent) {
		return new ContentPolicy(captureContent, this.redact, this.redactionPatterns, this.maxFieldLength);
	}

	/** This policy with redaction switched on or off. */
	public ContentPolicy withRedaction(boolean redact) {
		return new ContentPolicy(this.captureContent, redact, this.redactionPatterns, this.maxFieldLength);
	}

	/** This policy with more secret patterns besides its own. */
	public ContentPolicy withExtraRedactionPatterns(Collection<String> patterns) {
		List<String> all = new ArrayList<>(this.redactionPatterns);
		all.addAll(patterns);
		return new ContentPolicy(this.captureContent, this.redact, all, this.maxFieldLength);
	}

	/** This policy with another field length limit. */
	public ContentPolicy withMaxFieldLength(int maxFieldLength) {
		return new ContentPolicy(this.captureContent, this.redact, this.redactionPatterns, maxFieldLength);
	}

}
