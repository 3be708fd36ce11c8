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
 * @param redactedLiterals exact secrets (an API key, a password the application holds)
 * that become {@code [REDACTED]} wherever they occur, whatever their shape, even with
 * {@code redact} off; never shown by {@link #toString()}
 */
public record ContentPolicy(boolean captureContent, boolean redact, List<String> redactionPatterns, int maxFieldLength,
		List<String> redactedLiterals) {

	/** The fewest characters a {@linkplain #redactedLiterals() literal secret} has. */
	public static final int MIN_LITERAL_LENGTH = 4;

	/** What takes the place of a secret. */
	public static final String REDACTED = "[REDACTED]";

	/**
	 * The default secret patterns: OpenAI/Anthropic style {@code sk-} keys, Celesto
	 * {@code cel_} keys, bearer tokens, AWS access key ids, GitHub, Slack and Google API
	 * tokens, JSON web tokens, PEM private keys, the user and password in a URL
	 * ({@code postgres://user:password@host}) and the value of a secret named in free
	 * text ({@code password=...}, {@code "client_secret": "..."},
	 * {@code aws_secret_access_key = ...}). Each runs in time linear in the text: the
	 * JSON web token pattern starts only where a run of token characters starts and takes
	 * each segment whole (possessive), so text such as {@code -eyJ} repeated cannot make
	 * it try every {@code eyJ} against the rest of the text.
	 */
	public static final List<String> DEFAULT_REDACTION_PATTERNS = List.of("\\bsk-[A-Za-z0-9_\\-]{16,}",
			"\\bcel_[A-Za-z0-9_\\-]{8,}", "(?i)\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*",
			"\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", "\\bgh[pousr]_[A-Za-z0-9]{30,}", "\\bxox[abprs]-[A-Za-z0-9\\-]{10,}",
			"\\bAIza[0-9A-Za-z_\\-]{35}",
			"(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{8,}+",
			"-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
			ContentPolicy.URL_CREDENTIALS, ContentPolicy.KEY_VALUE_SECRET);

	/**
	 * The user and password of a URL ({@code postgres://user:password@host} becomes
	 * {@code postgres://[REDACTED]@host}): found only right after a {@code ://}, each
	 * part at most 256 characters.
	 */
	static final String URL_CREDENTIALS = "(?<=://)[^\\s:/?#@\\[\\]]{0,256}:[^\\s/?#@]{1,256}(?=@)";

	/**
	 * The value of a secret named in free text, {@code password=hunter2},
	 * {@code "client_secret": "..."}, {@code AWS_SECRET_ACCESS_KEY=...}: found only at a
	 * {@code :} or {@code =} (kept, as group {@code keep}, with the blanks and quote
	 * after it) that follows, past a quote and up to three blanks, a name ending in
	 * password, passwd, pwd, secret, an API, access, secret or private key, or token; the
	 * value is cut at white space, quotes and brackets, at most 256 characters.
	 */
	static final String KEY_VALUE_SECRET = "(?<keep>[:=](?<=(?i:password|passwd|pwd|secret|token"
			+ "|(?:api|access|secret|private)[_\\-]?key)[\"']?\\s{0,3}[:=])\\s{0,3}[\"']?)"
			+ "(?!\\[REDACTED\\])[^\\s\"'`,;&<>\\[\\]{}()]{1,256}+";

	public ContentPolicy {
		if (maxFieldLength < 16) {
			throw new IllegalArgumentException("maxFieldLength must be at least 16 but was " + maxFieldLength);
		}
		redactionPatterns = List.copyOf(redactionPatterns);
		redactedLiterals = List.copyOf(redactedLiterals);
		for (String literal : redactedLiterals) {
			if (literal.length() < MIN_LITERAL_LENGTH) {
				// the literal itself stays out of the message: it is a secret
				throw new IllegalArgumentException("a redacted literal must have at least " + MIN_LITERAL_LENGTH
						+ " characters but one has " + literal.length());
			}
		}
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
	 * A policy without literal secrets.
	 * @param captureContent whether content is recorded
	 * @param redact whether secrets are replaced
	 * @param redactionPatterns the regular expressions of secrets
	 * @param maxFieldLength the most characters a captured field keeps
	 */
	public ContentPolicy(boolean captureContent, boolean redact, List<String> redactionPatterns, int maxFieldLength) {
		this(captureContent, redact, redactionPatterns, maxFieldLength, List.of());
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
		return new ContentPolicy(captureContent, this.redact, this.redactionPatterns, this.maxFieldLength,
				this.redactedLiterals);
	}

	/** This policy with redaction switched on or off. */
	public ContentPolicy withRedaction(boolean redact) {
		return new ContentPolicy(this.captureContent, redact, this.redactionPatterns, this.maxFieldLength,
				this.redactedLiterals);
	}

	/** This policy with more secret patterns besides its own. */
	public ContentPolicy withExtraRedactionPatterns(Collection<String> patterns) {
		List<String> all = new ArrayList<>(this.redactionPatterns);
		all.addAll(patterns);
		return new ContentPolicy(this.captureContent, this.redact, all, this.maxFieldLength, this.redactedLiterals);
	}

	/** This policy with another field length limit. */
	public ContentPolicy withMaxFieldLength(int maxFieldLength) {
		return new ContentPolicy(this.captureContent, this.redact, this.redactionPatterns, maxFieldLength,
				this.redactedLiterals);
	}

	/**
	 * This policy with more exact secrets besides its own, such as an API key the
	 * application holds: each becomes {@code [REDACTED]} wherever it occurs in captured
	 * content, error messages, metadata and group ids.
	 * @param literals the secrets, each of at least {@value #MIN_LITERAL_LENGTH}
	 * characters
	 * @return the policy
	 */
	public ContentPolicy withRedactedLiterals(Collection<String> literals) {
		List<String> all = new ArrayList<>(this.redactedLiterals);
		for (String literal : literals) {
			if (!all.contains(literal)) {
				all.add(literal);
			}
		}
		return new ContentPolicy(this.captureContent, this.redact, this.redactionPatterns, this.maxFieldLength, all);
	}

	/** Describes the policy; literal secrets are counted, never shown. */
	@Override
	public String toString() {
		return "ContentPolicy[captureContent=" + this.captureContent + ", redact=" + this.redact
				+ ", redactionPatterns=" + this.redactionPatterns + ", maxFieldLength=" + this.maxFieldLength
				+ ", redactedLiterals=" + this.redactedLiterals.size() + " hidden]";
	}

}
