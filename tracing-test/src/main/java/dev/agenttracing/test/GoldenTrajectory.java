package dev.agenttracing.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.event.EventCodec;
import dev.agenttracing.event.TraceEvent;

/**
 * Compares a run with a recorded one, its golden trajectory: a JSONL file with one line
 * per event, as the trace files have them but without what changes from one run to the
 * next (ids, timestamps, durations), so that a person reads and reviews it in a diff.
 * Event kinds, tool names and arguments, results, model names, their input and output,
 * reasoning, streamed chunks and the outcome are compared.
 *
 * <p>
 * Record or update the files by running the tests with
 * {@code -Dagenttracing.golden.update=true}; without it a missing file fails the test.
 * {@link #named(String)} files live in {@code src/test/resources/golden} (the system
 * property {@code agenttracing.golden.dir} changes that), relative to the working
 * directory, which Maven and Gradle set to the module's.
 *
 * <p>
 * Fields are addressed by a path: the keys of a line from its top, separated by dots, as
 * the line shows them ({@code tool.tool_args.ticketId}, {@code model_call.output},
 * {@code content}); {@code *} stands for any one key or list index; a path may start with
 * an event name and a colon to apply to those events only
 * ({@code ModelCallCompleted:model_call.usage}). {@link #ignoring(String)} leaves a field
 * out of the file and the comparison; {@link #matching(String, Predicate)} and
 * {@link #matching(String, Pattern)} accept any value that satisfies it, in the run and
 * in the file alike.
 *
 * <pre class="code">
 * GoldenTrajectory.named("support-agent-invoice")
 *     .ignoring("model_call.input")                                // the prompt may change
 *     .matching("model_call.usage.*", Pattern.compile("\\d+"))     // any token count
 *     .matching("RunCompleted:content", (answer) -&gt; answer.toString().contains("invoice"))
 *     .assertMatches(traces.run());
 * </pre>
 *
 * A mismatch fails with a line diff ({@code -} golden, {@code +} this run) and the run's
 * trajectory.
 */
public final class GoldenTrajectory {

	/** The system property that records the files anew. */
	public static final String UPDATE_PROPERTY = "agenttracing.golden.update";

	/** The system property of the directory of {@link #named(String)} files. */
	public static final String DIR_PROPERTY = "agenttracing.golden.dir";

	/** What changes from one run to the next, left out of every line. */
	static final List<String> ALWAYS_IGNORED = List.of("timestamp", "created_at", "run_id", "trace_id", "span_id",
			"parent_span_id", "otel_trace_id", "otel_span_id", "otel_parent_span_id", "tool.tool_call_id",
			"tool.duration_ms", "model_call.duration_ms", "model_call.response_id", "metrics.duration");

	/**
	 * The objects of a line whose keys keep the trace files' order; others are sorted.
	 */
	private static final Set<String> ORDERED_OBJECTS = Set.of("", "tool", "model_call", "model_call.usage", "metrics",
			"run_input");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Path file;

	private final List<FieldPath> ignored;

	private final List<Matcher> matchers;

	private GoldenTrajectory(Path file, List<FieldPath> ignored, List<Matcher> matchers) {
		this.file = file;
		this.ignored = List.copyOf(ignored);
		this.matchers = List.copyOf(matchers);
	}

	/**
	 * The golden trajectory in this file.
	 * @param file the JSONL file, relative to the working directory or absolute
	 * @return the golden trajectory, with the default options
	 */
	public static GoldenTrajectory of(Path file) {
		return new GoldenTrajectory(file, List.of(), List.of());
	}

	/**
	 * The golden trajectory {@code src/test/resources/golden/<name>.jsonl} (or in the
	 * directory of the system property {@code agenttracing.golden.dir}).
	 * @param name the file's name without {@code .jsonl}
	 * @return the golden trajectory, with the default options
	 */
	public static GoldenTrajectory named(String name) {
		String dir = System.getProperty(DIR_PROPERTY, "src/test/resources/golden");
		return of(Path.of(dir).resolve(name + ".jsonl"));
	}

	/** The file. */
	public Path file() {
		return this.file;
	}

	/**
	 * Leaves a field out of the file and of the comparison.
	 * @param path the field's path, such as {@code model_call.input}
	 * @return a golden trajectory with this option too
	 */
	public GoldenTrajectory ignoring(String path) {
		List<FieldPath> ignored = new ArrayList<>(this.ignored);
		ignored.add(FieldPath.parse(path));
		return new GoldenTrajectory(this.file, ignored, this.matchers);
	}

	/**
	 * Accepts any value of a field that the predicate accepts, instead of the recorded
	 * one. A value it rejects is compared as it is, and shows in the diff.
	 * @param path the field's path, such as {@code model_call.usage.total_tokens}
	 * @param predicate what a value must satisfy (JSON values: maps, lists, strings,
	 * numbers, booleans, or null when the field is missing)
	 * @return a golden trajectory with this option too
	 */
	public GoldenTrajectory matching(String path, Predicate<@Nullable Object> predicate) {
		return matching(path, predicate, "a value that matches");
	}

	/**
	 * Accepts any value of a field whose text matches the pattern as a whole, instead of
	 * the recorded one.
	 * @param path the field's path
	 * @param pattern what the value's text must match
	 * @return a golden trajectory with this option too
	 */
	public GoldenTrajectory matching(String path, Pattern pattern) {
		return matching(path, (value) -> value != null && pattern.matcher(String.valueOf(value)).matches(),
				"/" + pattern.pattern() + "/");
	}

	private GoldenTrajectory matching(String path, Predicate<@Nullable Object> predicate, String description) {
		List<Matcher> matchers = new ArrayList<>(this.matchers);
		matchers.add(new Matcher(FieldPath.parse(path), predicate, description));
		return new GoldenTrajectory(this.file, this.ignored, matchers);
	}

	/**
	 * The run as the lines of a golden file: one event per line, without ids, timestamps,
	 * durations and ignored fields.
	 * @param run the run
	 * @return the lines
	 */
	public List<String> lines(CapturedRun run) {
		List<String> lines = new ArrayList<>();
		for (TraceEvent event : run.events()) {
			Map<String, @Nullable Object> line = EventCodec.readLine(json.writeValueAsString(event.toMap()));
			lines.add(write(withoutIgnored(line)));
		}
		return lines;
	}

	/**
	 * Verifies that the run matches the file; with
	 * {@code -Dagenttracing.golden.update=true} writes the run to the file instead.
	 * @param run the run
	 * @throws AssertionError if the run does not match, with a line diff, or the file
	 * does not exist
	 */
	public void assertMatches(CapturedRun run) {
		assertMatches(run, Boolean.getBoolean(UPDATE_PROPERTY));
	}

	void assertMatches(CapturedRun run, boolean update) {
		List<String> actual = lines(run);
		if (update) {
			record(actual);
			return;
		}
		if (!Files.isRegularFile(this.file)) {
			throw new AssertionError(
					String.format("No golden trajectory %s: run the test with -D%s=true to record this run as one:%n%s",
							this.file, UPDATE_PROPERTY, CapturedTraces.indent(run.toString())));
		}
		List<String> golden = read();
		List<String> expected = compared(golden);
		List<String> compared = compared(actual);
		if (!expected.equals(compared)) {
			throw new AssertionError(String.format(
					"%s does not match the golden trajectory %s (- golden, + this run, with their line numbers;"
							+ " -D%s=true records this run instead):%n%s%s%nTrajectory:%n%s",
					capitalize(run.title()), this.file, UPDATE_PROPERTY, summary(golden, actual),
					LineDiff.diff(expected, compared), CapturedTraces.indent(run.toString())));
		}
	}

	/**
	 * What differs at a glance: the tools called and the number of model calls, when they
	 * do; each followed by a line feed.
	 */
	private static String summary(List<String> golden, List<String> actual) {
		StringBuilder summary = new StringBuilder();
		List<String> goldenTools = tools(golden);
		List<String> actualTools = tools(actual);
		if (!goldenTools.equals(actualTools)) {
			summary.append(String.format("Tools called: golden %s, this run %s%n", goldenTools, actualTools));
		}
		long goldenModelCalls = count(golden, "ModelCallStarted");
		long actualModelCalls = count(actual, "ModelCallStarted");
		if (goldenModelCalls != actualModelCalls) {
			summary.append(String.format("Model calls: golden %d, this run %d%n", goldenModelCalls, actualModelCalls));
		}
		return summary.toString();
	}

	/** The names of the tools whose calls ended, in the order they ended. */
	private static List<String> tools(List<String> lines) {
		List<String> tools = new ArrayList<>();
		for (String text : lines) {
			Map<String, @Nullable Object> line = EventCodec.readLine(text);
			Object event = line.get("event");
			if (("ToolCallCompleted".equals(event) || "ToolCallError".equals(event))
					&& line.get("tool") instanceof Map<?, ?> tool) {
				tools.add(String.valueOf(tool.get("tool_name")));
			}
		}
		return tools;
	}

	private static long count(List<String> lines, String event) {
		return lines.stream().filter((line) -> line.startsWith("{\"event\":\"" + event + "\"")).count();
	}

	private void record(List<String> lines) {
		try {
			Path parent = this.file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.write(this.file, lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the golden trajectory " + this.file, ex);
		}
	}

	private List<String> read() {
		try {
			List<String> lines = new ArrayList<>();
			for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					lines.add(line);
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the golden trajectory " + this.file, ex);
		}
	}

	/**
	 * Lines as compared: ignored fields left out, matching values replaced by a marker.
	 */
	private List<String> compared(List<String> lines) {
		List<String> compared = new ArrayList<>();
		for (String text : lines) {
			Map<String, @Nullable Object> line = withoutIgnored(EventCodec.readLine(text));
			String event = String.valueOf(line.get("event"));
			for (Matcher matcher : this.matchers) {
				if (matcher.path().appliesTo(event)) {
					matcher.path()
						.replace(line,
								(value) -> matcher.predicate().test(value) ? "<" + matcher.description() + ">" : value);
				}
			}
			compared.add(write(line));
		}
		return compared;
	}

	private Map<String, @Nullable Object> withoutIgnored(Map<String, @Nullable Object> line) {
		String event = String.valueOf(line.get("event"));
		for (String path : ALWAYS_IGNORED) {
			FieldPath.parse(path).remove(line);
		}
		for (FieldPath path : this.ignored) {
			if (path.appliesTo(event)) {
				path.remove(line);
			}
		}
		return line;
	}

	/**
	 * One line: the trace files' key order for the event's own objects, content sorted.
	 */
	private static String write(Map<String, @Nullable Object> line) {
		return json.writeValueAsString(stable(line, ""));
	}

	private static @Nullable Object stable(@Nullable Object value, String path) {
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> stable = ORDERED_OBJECTS.contains(path) ? new LinkedHashMap<>()
					: new TreeMap<>();
			map.forEach((key, item) -> {
				String name = String.valueOf(key);
				stable.put(name, stable(item, path.isEmpty() ? name : path + "." + name));
			});
			return stable;
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> stable = new ArrayList<>(list.size());
			for (Object item : list) {
				stable.add(stable(item, path + ".*"));
			}
			return stable;
		}
		return value;
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	@Override
	public String toString() {
		return "GoldenTrajectory[" + this.file + "]";
	}

	private record Matcher(FieldPath path, Predicate<@Nullable Object> predicate, String description) {
	}

	/** A field's path: an optional event name, then keys or {@code *}. */
	record FieldPath(@Nullable String event, List<String> keys) {

		static FieldPath parse(String text) {
			Objects.requireNonNull(text, "path");
			String event = null;
			String keys = text;
			int colon = text.indexOf(':');
			if (colon >= 0) {
				event = text.substring(0, colon);
				keys = text.substring(colon + 1);
			}
			if (keys.isEmpty() || keys.startsWith(".") || keys.endsWith(".") || keys.contains("..")) {
				throw new IllegalArgumentException("Not a field path: '" + text + "'; write keys separated by dots,"
						+ " such as tool.tool_args.ticketId, optionally after an event name and a colon");
			}
			return new FieldPath(event, List.of(keys.split("\\.")));
		}

		boolean appliesTo(String eventName) {
			return this.event == null || this.event.equals(eventName);
		}

		void remove(Object root) {
			visit(root, 0, null);
		}

		void replace(Object root, UnaryOperator<@Nullable Object> replacement) {
			visit(root, 0, replacement);
		}

		@SuppressWarnings("unchecked")
		private void visit(@Nullable Object node, int depth, @Nullable UnaryOperator<@Nullable Object> replacement) {
			String key = this.keys.get(depth);
			boolean last = depth == this.keys.size() - 1;
			if (node instanceof Map<?, ?> raw) {
				Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) raw;
				List<String> names = key.equals("*") ? new ArrayList<>(map.keySet()) : List.of(key);
				for (String name : names) {
					if (!last) {
						visit(map.get(name), depth + 1, replacement);
					}
					else if (replacement == null) {
						map.remove(name);
					}
					else if (map.containsKey(name)) {
						map.put(name, replacement.apply(map.get(name)));
					}
				}
			}
			else if (node instanceof List<?> raw) {
				List<@Nullable Object> list = (List<@Nullable Object>) raw;
				for (int i = 0; i < list.size(); i++) {
					if (key.equals("*") || key.equals(String.valueOf(i))) {
						if (!last) {
							visit(list.get(i), depth + 1, replacement);
						}
						else {
							list.set(i, (replacement != null) ? replacement.apply(list.get(i)) : "<ignored>");
						}
					}
				}
			}
		}

	}

}
