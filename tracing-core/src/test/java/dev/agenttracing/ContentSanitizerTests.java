package dev.agenttracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The sanitizer's shortcuts never change what the plain regular expressions would redact.
 */
class ContentSanitizerTests {

	private static final List<String> SECRETS = List.of("sk-proj-abcdefghijklmnopqrstuvwxyz0123", "cel_abcdefgh1234",
			"Bearer abcdefgh12345678", "BEARER   xyz12345678==", "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE",
			"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gho_abcdefghijklmnopqrstuvwxyz0123456789",
			"xoxb-1234567890-abcdef", "AIzaSyA1234567890abcdefghijklmnopqrstuv",
			"eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2Q",
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
			"postgres://admin:s3cr3t-pass@db.internal:5432/orders", "redis://:hunter22@cache", "password=hunter22",
			"PASSWORD: 'hunter22'", "\"client_secret\": \"abc123def\"",
			"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"", "api-key=abc123def", "pwd=letmein1");

	/** Pieces that come close to the secrets above, to build near misses from. */
	private static final List<String> PIECES = List.of("sk", "sk-", "cel", "cel_", "bear", "Bearer ", "bEaReR\t",
			"AKIA", "ASIA", "AIza", "gh", "ghp_", "ghx_", "xox", "xoxb-", "xoxz-", "eyJ", "eyJhbGciOiJIUzI1", ".",
			"-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----", "abcdefgh", "ABCDEFGH12345678", "0123456789", " ", "_",
			"-", "=", "é", "order-12345", "Where is my order?", "password", "PassWord", "pwd", "secret", "_secret",
			"api_key", "token", "max_tokens", ":", ": ", " = ", "\"", "'", "://", "https://", "user", "user:", "@",
			"host", "[REDACTED]", "wJalrXUtnFEMI/K7MDENG");

	@Test
	void redactsInLinearTimeTextMadeToMakeTheTokenPatternBacktrack() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		// every "eyJ" used to be tried against the rest of the text: 10 s and more for
		// one field
		String hostile = "-eyJ".repeat(25_000);
		String token = "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2Q";
		String redacted = assertTimeoutPreemptively(Duration.ofSeconds(3),
				() -> sanitizer.redact(hostile + " " + token + " " + hostile));
		assertThat(redacted).isEqualTo(hostile + " " + ContentPolicy.REDACTED + " " + hostile);
	}

	@Test
	void redactsEverySampleOfTheDefaultPatterns() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		for (String secret : SECRETS) {
			assertThat(ContentSanitizer.mayHoldDefaultSecret(secret)).as(secret).isTrue();
			assertThat(sanitizer.redact("key " + secret + " end")).as(secret)
				.contains(ContentPolicy.REDACTED)
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
				String expected = (value.length() < 8) ? value : replaceKeepingNames(plain, value);
				assertThat(sanitizer.redact(value)).as(value).isEqualTo(expected);
			}
		}
	}

	/**
	 * What a plain replacement of every match makes of the text, where a secret named in
	 * free text keeps its name.
	 */
	private static String replaceKeepingNames(Pattern plain, String value) {
		boolean keeps = plain.pattern().contains(ContentPolicy.KEY_VALUE_SECRET);
		return plain.matcher(value).replaceAll((match) -> {
			int kept = keeps ? ((java.util.regex.Matcher) match).end("keep") : -1;
			return java.util.regex.Matcher
				.quoteReplacement(((kept >= 0) ? value.substring(match.start(), kept) : "") + ContentPolicy.REDACTED);
		});
	}

	@Test
	void redactsCredentialsInUrlsAndSecretsNamedInFreeTextKeepingTheirNames() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		assertThat(sanitizer.redact("connect to postgres://admin:s3cr3t-pass@db.internal:5432/orders now"))
			.isEqualTo("connect to postgres://[REDACTED]@db.internal:5432/orders now");
		assertThat(sanitizer.redact("login with password=hunter22 and user=bob"))
			.isEqualTo("login with password=[REDACTED] and user=bob");
		assertThat(sanitizer.redact("{\"client_secret\": \"abc123def\", \"name\": \"x\"}"))
			.isEqualTo("{\"client_secret\": \"[REDACTED]\", \"name\": \"x\"}");
		assertThat(sanitizer.redact("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
			.isEqualTo("export AWS_SECRET_ACCESS_KEY=[REDACTED]");
		assertThat(sanitizer.redact("Secret: opensesame, max_tokens: 300, token_count=5"))
			.isEqualTo("Secret: [REDACTED], max_tokens: 300, token_count=5");
		// redacted text stays as it is when redacted again
		String once = sanitizer.redact("password=hunter22 https://u:p4ss@h");
		assertThat(sanitizer.redact(once)).isEqualTo(once).isEqualTo("password=[REDACTED] https://[REDACTED]@h");
		// ordinary text with colons and equals signs is left alone
		assertThat(sanitizer.redact("ratio=3:4, see https://example.com/a?b=c, key points: none"))
			.isEqualTo("ratio=3:4, see https://example.com/a?b=c, key points: none");
	}

	@Test
	void redactsBeforeTruncatingSoACutSecretKeepsNoneOfItsCharacters() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults().withMaxFieldLength(100));
		String text = "x".repeat(90) + " sk-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 and more";
		String stored = sanitizer.string(text);
		assertThat(stored).startsWith("x".repeat(90) + " [REDACTED]")
			.doesNotContain("sk-")
			.doesNotContain("ABCDEFG")
			.contains("... [truncated ");
		assertThat(stored.length()).isLessThan(150);
	}

	@Test
	void redactsTheStartOfAFieldLongerThanTheLimitInBoundedTime() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults().withMaxFieldLength(1_000));
		// ten million characters: only the first thousand and the margin are redacted
		String text = "password=hunter22 " + "-eyJ".repeat(2_500_000);
		String stored = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> sanitizer.string(text));
		assertThat(stored).startsWith("password=[REDACTED] -eyJ")
			.endsWith("... [truncated " + (text.length() - 1_000 + "[REDACTED]".length() - "hunter22".length())
					+ " characters]");
	}

	@Test
	void redactsLiteralSecretsWhateverTheirShapeEvenWithRedactionOff() {
		ContentPolicy policy = ContentPolicy.defaults().withRedactedLiterals(List.of("test-secret-123"));
		for (ContentPolicy each : List.of(policy, policy.withRedaction(false))) {
			ContentSanitizer sanitizer = new ContentSanitizer(each);
			assertThat(sanitizer.string("my key is test-secret-123, really test-secret-123"))
				.isEqualTo("my key is [REDACTED], really [REDACTED]");
			assertThat(sanitizer.label("group-test-secret-123")).isEqualTo("group-[REDACTED]");
			assertThat(sanitizer.metadata(Map.of("note", "test-secret-123"))).containsEntry("note", "[REDACTED]");
		}
		assertThat(policy.toString()).doesNotContain("test-secret-123").contains("redactedLiterals=1 hidden");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ContentPolicy.defaults().withRedactedLiterals(List.of("abc")))
			.withMessageNotContaining("abc");
	}

	@Test
	void redactsTheSerializedFormOfAnObjectLargerThanTheLimit() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults().withMaxFieldLength(64));
		Object large = new Holder("sk-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "y".repeat(200));
		assertThat(String.valueOf(sanitizer.value(large))).doesNotContain("sk-").contains("[REDACTED]");
	}

	/** A value Jackson serializes as an object. */
	record Holder(String key, String padding) {
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
		assertThat(sanitized).containsEntry("orderId", "value")
			.containsEntry("secretary", "value")
			.containsEntry("api_key", ContentPolicy.REDACTED)
			.containsEntry("Cookie", ContentPolicy.REDACTED);
	}

	@Test
	void rememberedKeyVerdictsAnswerAsTheSecretKeyExpressionDoesForManyCollidingKeys() {
		ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults());
		List<String> pieces = List.of("api", "_", "-", ".", "key", "Key", "KEY", "token", "Tokens", "pass", "word",
				"wd", "secret", "ary", "order", "Id", "auth", "orization", "cookie", "s", "credential", "x", "7");
		Random random = new Random(42);
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			StringBuilder key = new StringBuilder();
			for (int n = 1 + random.nextInt(4); n > 0; n--) {
				key.append(pieces.get(random.nextInt(pieces.size())));
			}
			keys.add(key.toString());
		}
		// longer than 64 characters: never a secret key
		keys.add("x".repeat(70) + "api_key");
		// the second pass answers from the remembered verdicts
		for (int pass = 0; pass < 2; pass++) {
			for (String key : keys) {
				boolean secret = key.length() <= 64 && ContentSanitizer.SECRET_KEY.matcher(key).matches();
				assertThat(sanitizer.arguments(Map.of(key, "value")).get(key)).as(key)
					.isEqualTo(secret ? ContentPolicy.REDACTED : "value");
			}
		}
	}

	@Test
	void smallFlatArgumentsComeOutExactlyAsTheGeneralPathMakesThem() {
		Random random = new Random(7);
		List<String> keys = List.of("orderId", "query", "api_key", "Token", "quantity", "x", "password", "note");
		List<Object> values = new ArrayList<>(List.of("order-12345", "Where is my order?",
				"sk-proj-abcdefghijklmnopqrstuvwxyz0123", "x".repeat(30), "Bearer abcdefgh12345678", 2, 7L, 1L << 40,
				2.5, Double.NaN, 1.5f, new java.math.BigDecimal("12.50"), java.math.BigInteger.TEN.pow(30), true, false,
				List.of("a", "b"), Map.of("nested", 1)));
		values.add(null);
		for (int limit : new int[] { 16, 40, 100, 100_000 }) {
			ContentSanitizer sanitizer = new ContentSanitizer(ContentPolicy.defaults().withMaxFieldLength(limit));
			for (int i = 0; i < 3_000; i++) {
				Map<String, Object> arguments = new LinkedHashMap<>();
				for (int n = random.nextInt(10); n > 0; n--) {
					arguments.put(keys.get(random.nextInt(keys.size())), values.get(random.nextInt(values.size())));
				}
				Map<String, Object> fast = sanitizer.arguments(arguments);
				Object general = sanitizer.bounded(arguments);
				assertThat(fast).as("%s with limit %d", arguments, limit).isEqualTo(general);
				assertThat(new ArrayList<>(fast.keySet())).isEqualTo(new ArrayList<>(((Map<?, ?>) general).keySet()));
			}
		}
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
		assertThat(sanitized).isEqualTo(
				Map.of("first", List.of("a", "b"), "second", List.of("a", "b"), "self", "[cycle: LinkedHashMap]"));
	}

}
