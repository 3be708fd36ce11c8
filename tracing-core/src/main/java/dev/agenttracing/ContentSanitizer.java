package dev.agenttracing;

import java.io.Writer;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns whatever the application passes as input, output, argument or result into a
 * JSON-safe value (strings, numbers, booleans, lists, maps) that is redacted and bounded
 * in size. Never throws: what cannot be serialized becomes a descriptive string.
 */
final class ContentSanitizer {

	private static final int MAX_DEPTH = 32;

	/**
	 * Characters past a field's limit that are redacted with it, so that a secret the
	 * limit cuts is still found whole, while the time a field takes stays bounded however
	 * long the text.
	 */
	static final int REDACTION_MARGIN = 1024;

	static final Pattern SECRET_KEY = Pattern.compile("(?i)^(?:.*[-_.])?(?:api[-_]?key|apikey|password|passwd"
			+ "|secret|client[-_]?secret|access[-_]?key|secret[-_]?key|private[-_]?key|access[-_]?token"
			+ "|refresh[-_]?token|auth[-_]?token|token|authorization|credentials?|cookie)$");

	/**
	 * Whether a key names a secret, for the keys seen last: argument names and map keys
	 * repeat, and a case-insensitive suffix check costs more than a lookup. A racy cache
	 * of immutable entries: a reader sees an entry whole or not at all.
	 */
	private static final KeyVerdict[] KEY_VERDICTS = new KeyVerdict[256];

	private static final JsonMapper mapper = JsonMapper
		.builder(JsonFactory.builder()
			.streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
			.build())
		.build();

	/**
	 * The first characters of the hints {@link #mayHoldDefaultSecret(String)} looks for.
	 */
	private static final boolean[] HINT_STARTS = new boolean[128];

	static {
		for (char c : "scbBAgxe-:=".toCharArray()) {
			HINT_STARTS[c] = true;
		}
	}

	private final ContentPolicy policy;

	private final @Nullable Pattern secrets;

	/**
	 * The patterns that are not default ones, which {@link #mayHoldDefaultSecret(String)}
	 * cannot rule out.
	 */
	private final @Nullable Pattern others;

	/** Whether any default pattern is in use. */
	private final boolean defaults;

	/**
	 * Whether the patterns hold {@link ContentPolicy#KEY_VALUE_SECRET}, whose group
	 * {@code keep} is kept.
	 */
	private final boolean keeps;

	/** The exact secrets, replaced wherever they occur. */
	private final String[] literals;

	ContentSanitizer(ContentPolicy policy) {
		this.policy = policy;
		boolean redact = policy.redact() && !policy.redactionPatterns().isEmpty();
		this.secrets = redact ? alternation(policy.redactionPatterns()) : null;
		List<String> others = policy.redactionPatterns()
			.stream()
			.filter((pattern) -> !ContentPolicy.DEFAULT_REDACTION_PATTERNS.contains(pattern))
			.toList();
		this.others = (redact && !others.isEmpty()) ? alternation(others) : null;
		this.defaults = redact && others.size() < policy.redactionPatterns().size();
		this.keeps = redact && policy.redactionPatterns().contains(ContentPolicy.KEY_VALUE_SECRET);
		this.literals = policy.redactedLiterals().toArray(new String[0]);
	}

	private static Pattern alternation(List<String> patterns) {
		return Pattern.compile(String.join("|", patterns.stream().map(p -> "(?:" + p + ")").toList()));
	}

	/** Captured content: {@code null} when capture is off. */
	@Nullable Object content(@Nullable Object value) {
		return this.policy.captureContent() ? value(value) : null;
	}

	/** Captured text: {@code null} when capture is off. */
	@Nullable String text(@Nullable String value) {
		return (this.policy.captureContent() && value != null) ? string(value) : null;
	}

	/** Tool arguments by name: {@code null} when capture is off. */
	@SuppressWarnings("unchecked")
	@Nullable Map<String, @Nullable Object> arguments(@Nullable Map<String, ?> arguments) {
		if (!this.policy.captureContent() || arguments == null) {
			return null;
		}
		Object value = value(arguments);
		return (value instanceof Map) ? (Map<String, @Nullable Object>) value : Map.of("value", value);
	}

	/**
	 * What {@link #bounded(Object)} makes of a small map of plain values (strings,
	 * numbers, booleans, nulls) whose keys and values together stay under the size limit,
	 * without the size budget and the cycle checks, which cannot apply to it;
	 * {@code null} for any other map, to take the general path. The usual tool arguments,
	 * metadata and inputs of several parameters are such maps.
	 */
	private @Nullable Map<String, @Nullable Object> flat(Map<?, ?> map) {
		int size = map.size();
		if (size == 0 || size > ContentMap.MAX_SIZE) {
			return null;
		}
		try {
			FlatCopy copy = new FlatCopy(size);
			// no iterator and no entry objects for maps that implement it
			map.forEach(copy);
			return copy.failed ? null : copy.result;
		}
		catch (RuntimeException ex) {
			// a map that changed while it was read: the general path describes it
			return null;
		}
	}

	/**
	 * Copies a flat map entry by entry, until an entry is no plain value or the size
	 * limit is reached.
	 */
	private final class FlatCopy implements BiConsumer<Object, Object> {

		final ContentMap result;

		boolean failed;

		private long spent;

		FlatCopy(int size) {
			this.result = new ContentMap(size);
		}

		@Override
		public void accept(@Nullable Object name, @Nullable Object item) {
			if (this.failed) {
				return;
			}
			String key = String.valueOf(name);
			Object clean;
			if (item instanceof String string) {
				this.spent += key.length() + string.length();
				clean = string(string);
			}
			else if (item instanceof Number number) {
				this.spent += key.length() + 8;
				clean = number(number);
			}
			else if (item == null || item instanceof Boolean) {
				this.spent += key.length();
				clean = item;
			}
			else {
				this.failed = true;
				return;
			}
			if (this.spent >= ContentSanitizer.this.policy.maxFieldLength()) {
				this.failed = true; // the general path cuts the map short
				return;
			}
			this.result.add(key, (ContentSanitizer.this.secrets != null && item != null && isSecretKey(key))
					? ContentPolicy.REDACTED : clean);
		}

	}

	/** Metadata and other values that are always recorded, redacted and bounded. */
	@SuppressWarnings("unchecked")
	@Nullable Map<String, @Nullable Object> metadata(@Nullable Map<String, ?> metadata) {
		if (metadata == null || metadata.isEmpty()) {
			return null;
		}
		Object value = value(metadata);
		return (value instanceof Map) ? (Map<String, @Nullable Object>) value : null;
	}

	/**
	 * A label the application chose, such as a group id: always recorded, redacted and
	 * bounded.
	 */
	@Nullable String label(@Nullable String value) {
		return (value != null) ? string(value) : null;
	}

	/** An error message: always recorded, redacted and bounded. */
	String message(Throwable error) {
		return message(rawMessage(error));
	}

	/**
	 * An error message as {@link #rawMessage(Throwable)} read it, redacted and bounded.
	 */
	String message(String rawMessage) {
		return string(rawMessage);
	}

	/** The error's message, or its class name when it has none (or reading it fails). */
	static String rawMessage(Throwable error) {
		String message;
		try {
			message = error.getMessage();
		}
		catch (Throwable ex) {
			message = null;
		}
		return (message != null) ? message : error.getClass().getName();
	}

	@Nullable Object value(@Nullable Object value) {
		if (value instanceof String string) {
			return string(string); // what sanitize makes of a string, without the budget
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> flat = flat(map);
			if (flat != null) {
				return flat;
			}
		}
		return bounded(value);
	}

	/**
	 * The general path of {@link #value(Object)}: any value, walked within the size
	 * budget.
	 */
	@Nullable Object bounded(@Nullable Object value) {
		try {
			return sanitize(value, 0, new Budget(this.policy.maxFieldLength()));
		}
		catch (StackOverflowError | RuntimeException ex) {
			return unserializable(value, ex);
		}
	}

	private @Nullable Object sanitize(@Nullable Object value, int depth, Budget budget) {
		if (value == null || value instanceof Boolean) {
			return value;
		}
		if (value instanceof String string) {
			budget.spend(string.length());
			return string(string);
		}
		if (value instanceof Number number) {
			budget.spend(8);
			return number(number);
		}
		// a map first: the interface checks below cost a scan of its supertypes each
		if (!(value instanceof Map)) {
			if (value instanceof Character || value instanceof Enum || value instanceof CharSequence
					|| value instanceof UUID || value instanceof URI || value instanceof URL || value instanceof Path
					|| value instanceof TemporalAccessor || value instanceof Class) {
				String string = (value instanceof Enum<?> e) ? e.name()
						: (value instanceof Class<?> c) ? c.getName() : value.toString();
				budget.spend(string.length());
				return string(string);
			}
			if (value instanceof Optional<?> optional) {
				return sanitize(optional.orElse(null), depth, budget);
			}
			if (!(value instanceof Iterable) && !value.getClass().isArray()) {
				return pojo(value, budget);
			}
		}
		if (depth >= MAX_DEPTH) {
			return "[max depth " + MAX_DEPTH + " reached]";
		}
		if (!budget.enter(value)) {
			return "[cycle: " + value.getClass().getSimpleName() + "]";
		}
		try {
			if (value instanceof Map<?, ?> map) {
				int size = map.size();
				// small maps (a tool's arguments) as two arrays, larger ones in a
				// LinkedHashMap
				ContentMap small = (size <= ContentMap.MAX_SIZE) ? new ContentMap(size) : null;
				Map<String, @Nullable Object> large = (small == null) ? new LinkedHashMap<>(Math.min(size, 64) * 2)
						: null;
				int added = 0;
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					if (budget.exhausted()) {
						put(small, large, "...", "[truncated: " + (size - added) + " more entries]");
						break;
					}
					String key = String.valueOf(entry.getKey());
					budget.spend(key.length());
					Object item = entry.getValue();
					put(small, large, key, (this.secrets != null && item != null && isSecretKey(key))
							? ContentPolicy.REDACTED : sanitize(item, depth + 1, budget));
					added++;
				}
				return (small != null) ? small : Collections.unmodifiableMap(large);
			}
			List<@Nullable Object> result = new ArrayList<>();
			if (value instanceof Iterable<?> iterable) {
				for (Object item : iterable) {
					if (budget.exhausted()) {
						result.add("[truncated: more items]");
						break;
					}
					result.add(sanitize(item, depth + 1, budget));
				}
			}
			else {
				int length = Array.getLength(value);
				for (int i = 0; i < length; i++) {
					if (budget.exhausted()) {
						result.add("[truncated: " + (length - i) + " more items]");
						break;
					}
					result.add(sanitize(Array.get(value, i), depth + 1, budget));
				}
			}
			return Collections.unmodifiableList(result);
		}
		finally {
			budget.leave();
		}
	}

	private static void put(@Nullable ContentMap small, @Nullable Map<String, @Nullable Object> large, String key,
			@Nullable Object value) {
		if (small != null) {
			small.add(key, value);
		}
		else {
			// the caller creates exactly one of the two
			Objects.requireNonNull(large, "large").put(key, value);
		}
	}

	private static boolean isSecretKey(String key) {
		int slot = key.hashCode() & (KEY_VERDICTS.length - 1);
		KeyVerdict known = KEY_VERDICTS[slot];
		if (known != null && known.key.equals(key)) {
			return known.secret;
		}
		boolean secret = key.length() <= 64 && hasSecretKeyEnding(key) && SECRET_KEY.matcher(key).matches();
		if (key.length() <= 64) {
			KEY_VERDICTS[slot] = new KeyVerdict(key, secret);
		}
		return secret;
	}

	/**
	 * Whether the key ends, in any case, as every alternative of {@link #SECRET_KEY}
	 * does: a cheap necessary condition, so that ordinary keys ({@code orderId},
	 * {@code query}) skip the regex.
	 */
	static boolean hasSecretKeyEnding(String key) {
		int length = key.length();
		if (length < 3) {
			return false;
		}
		return switch (Character.toLowerCase(key.charAt(length - 1))) {
			case 'y' -> endsWithIgnoreCase(key, "key");
			case 'd' -> endsWithIgnoreCase(key, "password") || endsWithIgnoreCase(key, "passwd");
			case 't' -> endsWithIgnoreCase(key, "secret");
			case 'n' -> endsWithIgnoreCase(key, "token") || endsWithIgnoreCase(key, "authorization");
			case 'l', 's' -> endsWithIgnoreCase(key, "credential") || endsWithIgnoreCase(key, "credentials");
			case 'e' -> endsWithIgnoreCase(key, "cookie");
			default -> false;
		};
	}

	private static boolean endsWithIgnoreCase(String value, String suffix) {
		int start = value.length() - suffix.length();
		return start >= 0 && value.regionMatches(true, start, suffix, 0, suffix.length());
	}

	/**
	 * Serializes any other object with Jackson, bounded, then sanitizes the resulting
	 * tree.
	 */
	private @Nullable Object pojo(Object value, Budget budget) {
		int remaining = budget.remaining();
		BoundedWriter writer = new BoundedWriter(
				(int) Math.min(Integer.MAX_VALUE - 1L, (long) remaining + REDACTION_MARGIN));
		try {
			mapper.writeValue(writer, value);
		}
		catch (StackOverflowError | RuntimeException ex) {
			if (!writer.overflowed) {
				return fallback(value, ex);
			}
		}
		if (writer.overflowed) {
			budget.spend(remaining + 1L);
			// redacted before it is cut, as every string; the rest was never written
			return redactedWithin(writer.builder.toString(), remaining, 1) + " (" + value.getClass().getName()
					+ " serialized)";
		}
		Object tree = mapper.readValue(writer.builder.toString(), Object.class);
		return sanitize(tree, 0, new Budget(Integer.MAX_VALUE));
	}

	/**
	 * What an object that Jackson cannot serialize becomes: its {@code toString()}, if
	 * that works.
	 */
	private @Nullable Object fallback(Object value, Throwable cause) {
		try {
			String string = value.toString();
			if (string != null && !string.startsWith(value.getClass().getName() + "@")) {
				return string(string);
			}
		}
		catch (StackOverflowError | RuntimeException ex) {
			// fall through to the description
		}
		return unserializable(value, cause);
	}

	private String unserializable(@Nullable Object value, Throwable cause) {
		String type = (value != null) ? value.getClass().getName() : "null";
		String message = cause.getMessage();
		if (message != null) {
			int newline = message.indexOf('\n');
			message = (newline > 0) ? message.substring(0, newline) : message;
		}
		return string("[unserializable " + type + ": " + cause.getClass().getSimpleName()
				+ ((message != null) ? " " + message : "") + "]");
	}

	private static Object number(Number number) {
		if (number instanceof Integer || number instanceof Double) {
			return (number instanceof Double d && (d.isNaN() || d.isInfinite())) ? d.toString() : number;
		}
		if (number instanceof Long || number instanceof Short || number instanceof Byte) {
			long value = number.longValue();
			return (value == (int) value) ? Integer.valueOf((int) value) : Long.valueOf(value);
		}
		if (number instanceof BigInteger big) {
			return (big.bitLength() < 32) ? Integer.valueOf(big.intValue())
					: (big.bitLength() < 64) ? Long.valueOf(big.longValue()) : big;
		}
		if (number instanceof Float || number instanceof BigDecimal) {
			double value = number.doubleValue();
			return (Double.isNaN(value) || Double.isInfinite(value)) ? Double.toString(value) : value;
		}
		return number.toString();
	}

	/**
	 * Redacts, then truncates, one string: a secret the limit cuts is replaced whole, not
	 * left with its first characters. Only the characters kept and
	 * {@link #REDACTION_MARGIN} more are redacted, so the time is bounded whatever the
	 * length.
	 */
	String string(String value) {
		return redactedWithin(value, this.policy.maxFieldLength(), 0);
	}

	/**
	 * The value redacted, then cut to the limit: a cut through a {@code [REDACTED]}
	 * marker keeps the marker whole, and the visible marker counts the characters cut
	 * besides the {@code dropped} ones already gone.
	 */
	private String redactedWithin(String value, int limit, long dropped) {
		int window = (int) Math.min(value.length(), (long) limit + REDACTION_MARGIN);
		String redacted = redact((window < value.length()) ? value.substring(0, window) : value);
		if (redacted.length() <= limit && window == value.length() && dropped == 0) {
			return redacted;
		}
		int cut = limit;
		int marker = redacted.lastIndexOf(ContentPolicy.REDACTED, cut - 1);
		if (marker >= 0 && marker + ContentPolicy.REDACTED.length() > cut) {
			cut = marker + ContentPolicy.REDACTED.length();
		}
		return truncate(redacted, cut, value.length() - window + dropped);
	}

	String redact(String value) {
		String text = (this.literals.length > 0) ? redactLiterals(value) : value;
		Pattern secrets = this.secrets;
		if (secrets == null || text.length() < 8) {
			return text;
		}
		Pattern others = this.others;
		boolean candidate = (this.defaults && mayHoldDefaultSecret(text))
				|| (others != null && others.matcher(text).find());
		if (!candidate) {
			return text;
		}
		Matcher matcher = secrets.matcher(text);
		if (!matcher.find()) {
			return text;
		}
		StringBuilder redacted = new StringBuilder(text.length());
		int copied = 0;
		do {
			// a secret named in free text keeps its name: password=[REDACTED]
			int kept = this.keeps ? matcher.end("keep") : -1;
			redacted.append(text, copied, (kept >= 0) ? kept : matcher.start()).append(ContentPolicy.REDACTED);
			copied = matcher.end();
		}
		while (matcher.find());
		return redacted.append(text, copied, text.length()).toString();
	}

	private String redactLiterals(String value) {
		String text = value;
		for (String literal : this.literals) {
			if (text.length() >= literal.length() && text.contains(literal)) {
				text = text.replace(literal, ContentPolicy.REDACTED);
			}
		}
		return text;
	}

	/**
	 * Whether the value holds the literal start that every match of a
	 * {@linkplain ContentPolicy#DEFAULT_REDACTION_PATTERNS default pattern} has
	 * ({@code sk-}, {@code cel_}, {@code bearer} in any case, {@code AKIA}, {@code ASIA},
	 * {@code gh?_}, {@code xox}, {@code AIza}, {@code eyJ}, {@code -----BEGIN }): one
	 * pass over the characters, so that ordinary text skips the regex. A necessary
	 * condition only; the regex decides.
	 */
	static boolean mayHoldDefaultSecret(String value) {
		// the shortest match of a default pattern that starts with a literal has 12
		// characters (cel_ and 8); a named secret (pwd=x) or URL credentials (://:x@)
		// fewer
		int last = value.length() - 12;
		for (int i = 0; i < value.length() - 1; i++) {
			char c = value.charAt(i);
			if (c >= HINT_STARTS.length || !HINT_STARTS[c]) {
				continue;
			}
			if (c == ':' || c == '=') {
				if ((c == ':' && value.startsWith("//", i + 1) && hasUserInfo(value, i + 3)) || namesSecret(value, i)) {
					return true;
				}
				continue;
			}
			if (i > last) {
				continue;
			}
			boolean hint = switch (c) {
				case 's' -> value.charAt(i + 1) == 'k' && value.charAt(i + 2) == '-';
				case 'c' -> value.startsWith("cel_", i);
				case 'b', 'B' -> value.regionMatches(true, i, "bearer", 0, 6);
				case 'A' -> value.startsWith("AKIA", i) || value.startsWith("ASIA", i) || value.startsWith("AIza", i);
				case 'g' -> value.charAt(i + 1) == 'h' && value.charAt(i + 3) == '_';
				case 'x' -> value.charAt(i + 1) == 'o' && value.charAt(i + 2) == 'x';
				case 'e' -> value.charAt(i + 1) == 'y' && value.charAt(i + 2) == 'J';
				case '-' -> value.startsWith("-----BEGIN ", i);
				default -> false;
			};
			if (hint) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the characters before the {@code :} or {@code =} at {@code at}, past at
	 * most three spaces and a quote, end as the names that
	 * {@link ContentPolicy#KEY_VALUE_SECRET} finds do: password, passwd, pwd, secret, key
	 * or token, in any case.
	 */
	private static boolean namesSecret(String value, int at) {
		int end = at;
		int spaces = 0;
		while (end > 0 && spaces < 3 && Character.isWhitespace(value.charAt(end - 1))) {
			end--;
			spaces++;
		}
		if (end > 0 && (value.charAt(end - 1) == '"' || value.charAt(end - 1) == '\'')) {
			end--;
		}
		return endsWithIgnoreCase(value, end, "password") || endsWithIgnoreCase(value, end, "passwd")
				|| endsWithIgnoreCase(value, end, "pwd") || endsWithIgnoreCase(value, end, "secret")
				|| endsWithIgnoreCase(value, end, "key") || endsWithIgnoreCase(value, end, "token");
	}

	/**
	 * Whether the authority of a URL that starts at {@code from} (after its {@code ://})
	 * holds a user: an {@code @} before the next {@code /}, {@code ?}, {@code #} or white
	 * space, within the 513 characters {@link ContentPolicy#URL_CREDENTIALS} looks at.
	 */
	private static boolean hasUserInfo(String value, int from) {
		int end = Math.min(value.length(), from + 513);
		for (int i = from; i < end; i++) {
			char c = value.charAt(i);
			if (c == '@') {
				return true;
			}
			if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)) {
				return false;
			}
		}
		return false;
	}

	private static boolean endsWithIgnoreCase(String value, int end, String suffix) {
		int start = end - suffix.length();
		return start >= 0 && value.regionMatches(true, start, suffix, 0, suffix.length());
	}

	static String truncate(String value, int limit) {
		return truncate(value, limit, 0);
	}

	/**
	 * Cuts a value to the limit with a visible marker that counts what was cut, besides
	 * the {@code dropped} characters already taken off its end.
	 */
	static String truncate(String value, int limit, long dropped) {
		if (value.length() <= limit) {
			return (dropped > 0) ? value + "... [truncated " + dropped + " characters]" : value;
		}
		int end = limit;
		if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(0, end) + "... [truncated " + (value.length() - end + dropped) + " characters]";
	}

	/**
	 * Characters a value may still produce, and the containers on the way down to the
	 * current one (compared by identity, to find cycles): the outermost in a field,
	 * deeper ones in an array made only when a container holds another.
	 */
	private static final class Budget {

		private long remaining;

		private @Nullable Object outermost;

		private Object @Nullable [] inner;

		private int depth;

		Budget(int limit) {
			this.remaining = limit;
		}

		void spend(long characters) {
			this.remaining -= characters;
		}

		boolean exhausted() {
			return this.remaining <= 0;
		}

		int remaining() {
			return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1, this.remaining));
		}

		/** Goes down into a container, unless it is already on the way down (a cycle). */
		boolean enter(Object container) {
			if (this.depth == 0) {
				this.outermost = container;
				this.depth = 1;
				return true;
			}
			if (this.outermost == container) {
				return false;
			}
			Object[] inner = this.inner;
			if (inner == null) {
				inner = new Object[4];
				this.inner = inner;
			}
			for (int i = 0; i < this.depth - 1; i++) {
				if (inner[i] == container) {
					return false;
				}
			}
			if (this.depth - 1 == inner.length) {
				inner = Arrays.copyOf(inner, inner.length * 2);
				this.inner = inner;
			}
			inner[this.depth - 1] = container;
			this.depth++;
			return true;
		}

		/** Comes back up from the container entered last. */
		void leave() {
			this.depth--;
			if (this.depth == 0) {
				this.outermost = null;
			}
			else {
				Object[] inner = this.inner;
				if (inner != null) {
					inner[this.depth - 1] = null;
				}
			}
		}

	}

	/** Collects at most {@code limit + 1} characters, then reports overflow. */
	private static final class BoundedWriter extends Writer {

		final StringBuilder builder = new StringBuilder();

		private final int limit;

		boolean overflowed;

		BoundedWriter(int limit) {
			this.limit = limit;
		}

		@Override
		public void write(char[] buffer, int offset, int length) {
			if (this.overflowed) {
				throw new IllegalStateException("content limit reached");
			}
			int room = this.limit + 1 - this.builder.length();
			this.builder.append(buffer, offset, Math.min(room, length));
			if (length > room) {
				this.overflowed = true;
				throw new IllegalStateException("content limit reached");
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

	/** Whether a key names a secret. */
	private record KeyVerdict(String key, boolean secret) {
	}

}
