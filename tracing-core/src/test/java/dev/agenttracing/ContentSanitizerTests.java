package dev.agenttracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sanitizer's shortcuts never change what the plain regular expressions would redact. */
class ContentSanitizerTests {

	private static final List<String> SECRETS = List.of("sk-proj-abcdefghijklmnopqrstuvwxyz0123", "cel_abcdefgh1234",
			"Bearer abcdefgh12345678", "BEARER   xyz12345678==", "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE",
			"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gho_abcdefghijklmnopqrstuvwxyz0123456789",
			"xoxb-1234567890-abcdef", "AIzaSyA1234567890abcdefghijklmnopqrstuv",
			"eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2Q",
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----");

	/** Pieces that come close to the secrets above, to build near misses from. */
	private static final List<String> PIECES = List.of("sk", "sk-", "cel", "cel_", "bear", "Bearer ", "bEaReR\t", "AKIA",
			"ASIA", "AIza", "gh", "ghp_", "ghx_", "xox", "xoxb-", "xoxz-", "eyJ", "eyJhbGciOiJIUzI1", ".", "-----BEGIN ",
			"-----BEGIN RSA PRIVATE KEY-----", "abcdefgh", "ABCDEFGH12345678", "0123456789", " ", "_", "-", "=", "é",
			"order-12345", "Where is my order?");

	@Test
	void redactsEverySampleOfTheDefaultPatterns() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		for (String secret : SECRETS) {
			assertThat(ContentSanitizer.mayHoldDefaultSecret(secret)).as(secret).isTrue();
			assertThat(sanitizer.redact("key " + secret + " end")).as(secret).contains(ContentPolicy.REDACTED)
				.doesNotContain(secret);
		}
	}

	@Test
	void redactsExactlyAsThePlainPatternsDo() {
		ContentPolicy withExtra = ContentPolicy.defaults().withExtraRedactionPatterns(List.of("acme_[a-z0-9]{8}"));
		ContentPolicy someDefaults = new ContentPolicy(true, true,
				List.of(ContentPolicy.DEFAULT_REDACTION_PATTERNS.get(2), "acme_[a-z0-9]{8}"), 100_000);
		List<String> pieces = new ArrayList<>(PIECES);
		pieces.addAll(SECRETS);
		pieces.add("acme_abcd1234");
		Random random = new Random(42);
		for (ContentPolicy policy : List.of(ContentPolicy.defaults(), withExtra, someDefaults)) {
			ContentSanitizer sanitizer = new ContentSanitizer(policy);
			Pattern plain = Pattern.compile(String.join("|",
					policy.redactionPatterns().stream().map((pattern) -> "(?:" + pattern + ")").toList()));
			for (int i = 0; i < 20_000; i++) {
				StringBuilder text = new StringBuilder();
				for (int j = random.nextInt(6); j >= 0; j--) {
					text.append(pieces.get(random.nextInt(pieces.size())));
				}
				String value = text.toString();
				String expected = (value.length() < 8) ? value : plain.matcher(value).replaceAll(ContentPolicy.REDACTED);
				assertThat(sanitizer.redact(value)).as(value).isEqualTo(expected);
			}
		}
	}

	@Test
	void redactsTheValuesOfSecretKeysWhateverTheirCase() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		Map<String, Object> arguments = new LinkedHashMap<>();
		for (String key : List.of("api_key", "API-KEY", "apikey", "openai.apiKey", "password", "db_passwd", "secret",
				"client_secret", "access_key", "secret-key", "private_key", "access_token", "refresh_token",
				"auth_token", "Token", "Authorization", "credential", "credentials", "Cookie")) {
			arguments.put(key, "value");
			assertThat(ContentSanitizer.hasSecretKeyEnding(key)).as(key).isTrue();
		}
		for (String key : List.of("orderId", "query", "keyboard", "tokens", "cookies_count", "secretary")) {
			arguments.put(key, "value");
		}
		Map<String, Object> sanitized = sanitizer.arguments(arguments);
		assertThat(sanitized).hasSize(arguments.size());
		sanitized.forEach((key, value) -> assertThat(value).as(key)
			.isEqualTo(ContentSanitizer.hasSecretKeyEnding(key) && !key.equals("keyboard") ? ContentPolicy.REDACTED
					: "value"));
		assertThat(sanitized).containsEntry("orderId", "value").containsEntry("secretary", "value")
			.containsEntry("api_key", ContentPolicy.REDACTED).containsEntry("Cookie", ContentPolicy.REDACTED);
	}

	@Test
	void marksCyclesAndKeepsSharedValuesThatAreNoCycle() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		List<Object> shared = List.of("a", "b");
		Map<String, Object> cyclic = new LinkedHashMap<>();
		cyclic.put("first", shared);
		cyclic.put("second", shared);
		cyclic.put("self", cyclic);
		Object sanitized = sanitizer.value(cyclic);
		assertThat(sanitized).isEqualTo(Map.of("first", List.of("a", "b"), "second", List.of("a", "b"), "self",
				"[cycle: LinkedHashMap]"));
	}

}
