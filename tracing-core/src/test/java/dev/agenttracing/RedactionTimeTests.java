package dev.agenttracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every default redaction pattern, and the whole redaction of a field, takes time linear
 * in the text: fields of the default limit made to make a pattern backtrack each take
 * well under a second (a super-linear pattern took 10 s and more on one of them).
 */
class RedactionTimeTests {

	private static final int LIMIT = ContentPolicy.defaults().maxFieldLength();

	private static final Duration MOST = Duration.ofSeconds(1);

	/** Pieces repeated to the field limit, each to lead one pattern on. */
	private static final List<String> HOSTILE_PIECES = List.of("-eyJ", "eyJ", "eyJaaaaaaaa.", "eyJaaaaaaaa.aaaaaaaa.",
			"a", "A", "0", "-", "_", " ", "\t", ".", "=", ":", "@", "/", "sk-", "sk-aaaaaaaaaaaaaaa ", "cel_",
			"cel_aaaaaaa ", "bearer", "bearer ", "Bearer \t", "AKIA", "AKIAAAAAAAAAAAAAAAA", "ASIA0", "ghp_",
			"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "xoxb-", "xoxb-aaaaaaaaa ", "AIza",
			"AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "-----BEGIN ", "-----BEGIN A ", "-----BEGIN RSA PRIVATE KEY-----",
			"://", "://a", "://a:", "://a:b", "://" + "a".repeat(300) + ":", "://a:" + "b".repeat(300), "password",
			"password=", "-password", "password: ", "pwd=\"", "a_", "x-", "secret_", "_token:", "api_key = '",
			"user:pass@", "[REDACTED]");

	@Test
	void eachDefaultPatternFindsItsMatchesInAFieldOfHostileTextInUnderASecond() {
		for (String regex : ContentPolicy.DEFAULT_REDACTION_PATTERNS) {
			Pattern pattern = Pattern.compile(regex);
			for (String text : hostileFields()) {
				assertTimeoutPreemptively(MOST, () -> pattern.matcher(text).replaceAll("x"),
						() -> regex + " on " + describe(text));
			}
		}
	}

	@Test
	void redactingAFieldOfHostileTextTakesUnderASecondWhateverItsLength() {
		ContentSanitizer sanitizer = new ContentSanitizer(
				ContentPolicy.defaults().withRedactedLiterals(List.of("aaaaaaaaaaaaaaaaaaaab")));
		for (String text : hostileFields()) {
			for (String field : List.of(text, text + text + text)) {
				String stored = assertTimeoutPreemptively(MOST, () -> sanitizer.string(field), () -> describe(field));
				assertThat(stored.length()).isLessThan(LIMIT + 50);
			}
		}
	}

	/** Each hostile piece repeated to the default field limit, and two mixed ones. */
	static List<String> hostileFields() {
		List<String> fields = new ArrayList<>();
		for (String piece : HOSTILE_PIECES) {
			fields.add(repeated(piece));
		}
		fields.add(repeated(String.join("", HOSTILE_PIECES)));
		fields.add(repeated("sk-" + "a".repeat(15) + "-eyJ" + "://x:" + "password=" + "\"" + " "));
		return fields;
	}

	private static String repeated(String piece) {
		return piece.repeat(LIMIT / piece.length() + 1).substring(0, LIMIT);
	}

	private static String describe(String text) {
		return text.length() + " characters starting " + text.substring(0, 40).replace("\n", "\\n");
	}

}
