package dev.agenttracing.export.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.EventJson;
import dev.agenttracing.event.ModelCallCompleted;
import dev.agenttracing.event.ModelCallError;
import dev.agenttracing.event.ModelCallStarted;
import dev.agenttracing.event.ModelInvocation;
import dev.agenttracing.event.ReasoningStep;
import dev.agenttracing.event.RunCompleted;
import dev.agenttracing.event.RunContent;
import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunError;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.RunMetrics;
import dev.agenttracing.event.RunStarted;
import dev.agenttracing.event.TokenUsage;
import dev.agenttracing.event.ToolCallCompleted;
import dev.agenttracing.event.ToolCallError;
import dev.agenttracing.event.ToolCallStarted;
import dev.agenttracing.event.ToolInvocation;
import dev.agenttracing.event.TraceEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines {@link JsonlExporter} streams with {@link EventJson} are, byte for byte,
 * Jackson's serialization of {@link TraceEvent#toMap()}, the reference of the JSONL
 * format.
 */
class StreamedLinesTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String[] STRINGS = { "", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\r",
			"\u0000\u0001\u001f\u007f control", "caf\u00e9 \u00fc\u00df \u4e2d\u6587 \ud83d\ude00 emoji",
			"\u2028\u2029 separators", "<script>&amp;</script>", "lone \ud800 surrogate", "x".repeat(9000) };

	@Test
	void streamedBytesEqualTheSerializedMapForEveryKindOfEvent() {
		List<TraceEvent> events = events(new Random(7), 3000);
		assertThat(events.stream().map(TraceEvent::event).distinct())
			.containsExactlyInAnyOrderElementsOf(TraceEvent.NAMES);
		for (TraceEvent event : events) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (JsonGenerator gen = mapper.createGenerator(out)) {
				EventJson.write(event, gen);
			}
			assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as(event.toString())
				.isEqualTo(new String(mapper.writeValueAsBytes(event.toMap()), StandardCharsets.UTF_8));
			assertThat(out.toByteArray()).isEqualTo(mapper.writeValueAsBytes(event.toMap()));
		}
	}

	@Test
	void exportedFilesHoldExactlyTheSerializedMapsOneALine(@TempDir Path dir) throws IOException {
		for (boolean flushEach : new boolean[] { true, false }) {
			Path traceDir = dir.resolve("flushEach-" + flushEach);
			List<TraceEvent> events = events(new Random(flushEach ? 11 : 12), 3000);
			JsonlExporter exporter = new JsonlExporter(traceDir, flushEach, false);
			for (int i = 0; i < events.size(); i += 97) {
				exporter.export(events.subList(i, Math.min(events.size(), i + 97)));
			}
			exporter.export(List.of(events.get(0)));
			exporter.shutdown();
			Map<String, ByteArrayOutputStream> expected = new LinkedHashMap<>();
			List<TraceEvent> all = new ArrayList<>(events);
			all.add(events.get(0));
			for (TraceEvent event : all) {
				ByteArrayOutputStream lines = expected.computeIfAbsent(event.sessionId(),
						(id) -> new ByteArrayOutputStream());
				lines.writeBytes(mapper.writeValueAsBytes(event.toMap()));
				lines.write('\n');
			}
			assertThat(expected).hasSizeGreaterThan(1);
			for (Map.Entry<String, ByteArrayOutputStream> entry : expected.entrySet()) {
				Path file = exporter.sessionFile(entry.getKey());
				assertThat(Files.readAllBytes(file)).as(file.toString()).isEqualTo(entry.getValue().toByteArray());
			}
		}
	}

	@Test
	void anEventThatCannotBeSerializedLeavesNoPartOfItsLine(@TempDir Path dir) throws IOException {
		RunInfo run = new RunInfo("run-1", "s", "trace_1", "span_1", "agent", null, null);
		Instant at = Instant.parse("2026-11-22T04:05:54.123456Z");
		List<TraceEvent> events = List.of(new RunStarted(at, run, "gpt", "first"),
				new RunStarted(at, run, "gpt", Map.of("a", List.of(1, new Throwing()))),
				new RunContent(at, run, "x".repeat(20_000), "str"),
				new RunStarted(at, run, "gpt", List.of("y".repeat(20_000), new Throwing())),
				new RunContentCompleted(at, run));
		for (boolean flushEach : new boolean[] { true, false }) {
			Path traceDir = dir.resolve("flushEach-" + flushEach);
			JsonlExporter exporter = new JsonlExporter(traceDir, flushEach, false);
			exporter.export(events);
			exporter.shutdown();
			ByteArrayOutputStream expected = new ByteArrayOutputStream();
			for (TraceEvent event : List.of(events.get(0), events.get(2), events.get(4))) {
				expected.writeBytes(mapper.writeValueAsBytes(event.toMap()));
				expected.write('\n');
			}
			assertThat(Files.readAllBytes(exporter.sessionFile("s"))).isEqualTo(expected.toByteArray());
		}
	}

	private static List<TraceEvent> events(Random random, int count) {
		List<TraceEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(event(random, i % 12));
		}
		return events;
	}

	private static TraceEvent event(Random random, int kind) {
		Instant at = instant(random);
		RunInfo run = run(random);
		return switch (kind) {
			case 0 -> new RunStarted(at, run, optString(random), content(random, 3));
			case 1 -> new RunContent(at, run, optString(random), random.nextBoolean() ? "str" : string(random));
			case 2 -> new RunContentCompleted(at, run);
			case 3 -> new ToolCallStarted(at, run, tool(random));
			case 4 -> new ToolCallCompleted(at, run, tool(random), content(random, 3), duration(random));
			case 5 -> new ToolCallError(at, run, tool(random), duration(random), string(random), "IOException");
			case 6 -> new ModelCallStarted(at, run, modelCall(random));
			case 7 -> new ModelCallCompleted(at, run, modelCall(random), content(random, 3), optString(random),
					random.nextBoolean() ? null : new TokenUsage(random.nextInt(100_000), random.nextLong(), 0),
					duration(random));
			case 8 -> new ModelCallError(at, run, modelCall(random), duration(random), string(random),
					"HttpClientErrorException");
			case 9 -> new ReasoningStep(at, run, "span_" + random.nextInt(), optString(random), optString(random));
			case 10 -> new RunCompleted(at, run, optString(random), content(random, 2), content(random, 3),
					tools(random), metrics(random));
			default -> new RunError(at, run, optString(random), content(random, 2), tools(random), string(random),
					"IllegalStateException", metrics(random));
		};
	}

	private static Instant instant(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> Instant.ofEpochSecond(-62167219200L - random.nextInt(1_000_000), random.nextInt(1_000_000_000));
			case 1 -> Instant.ofEpochSecond(253402300800L + random.nextInt(1_000_000), random.nextInt(1_000) * 1_000);
			case 2 -> Instant.EPOCH;
			default ->
				Instant.ofEpochSecond(random.nextInt(2_000_000_000) - 200_000_000L, random.nextInt(1_000_000) * 1_000);
		};
	}

	private static RunInfo run(Random random) {
		Map<String, Object> metadata = switch (random.nextInt(4)) {
			case 0 -> null;
			case 1 -> Map.of();
			case 2 -> Map.of("user", string(random), "tier", random.nextInt());
			default -> map(random, 2);
		};
		RunInfo run = new RunInfo("run-" + random.nextInt(), "session-" + random.nextInt(3),
				"trace_" + Long.toHexString(random.nextLong()), "span_" + Long.toHexString(random.nextLong()),
				optString(random), optString(random), metadata);
		return random.nextBoolean() ? run
				: run.withOtel(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
						random.nextBoolean() ? Long.toHexString(random.nextLong()) : null);
	}

	private static ToolInvocation tool(Random random) {
		Map<String, Object> arguments = random.nextInt(4) == 0 ? null : map(random, 3);
		return new ToolInvocation("call_" + random.nextInt(), string(random), "span_" + random.nextInt(), arguments,
				random.nextBoolean() ? Long.toHexString(random.nextLong()) : null);
	}

	private static ModelInvocation modelCall(Random random) {
		return new ModelInvocation("span_" + random.nextInt(), optString(random), optString(random), content(random, 3),
				random.nextBoolean() ? Long.toHexString(random.nextLong()) : null);
	}

	private static Duration duration(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> Duration.ZERO;
			case 1 -> Duration.ofNanos(random.nextInt(1_000_000_000));
			case 2 -> Duration.ofSeconds(random.nextInt(100_000), random.nextInt(1_000_000_000));
			default -> Duration.ofMillis(random.nextInt(10_000));
		};
	}

	private static RunMetrics metrics(Random random) {
		TokenUsage usage = random.nextBoolean() ? null : TokenUsage.of(random.nextInt(10_000), random.nextInt(10_000));
		return new RunMetrics(usage, duration(random));
	}

	private static List<String> tools(Random random) {
		List<String> tools = new ArrayList<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			tools.add(string(random));
		}
		return List.copyOf(tools);
	}

	private static String optString(Random random) {
		return random.nextInt(4) == 0 ? null : string(random);
	}

	private static String string(Random random) {
		return random.nextInt(3) == 0 ? "s" + random.nextInt() : STRINGS[random.nextInt(STRINGS.length)];
	}

	private static Object content(Random random, int depth) {
		int kinds = (depth > 0) ? 16 : 12;
		return switch (random.nextInt(kinds)) {
			case 0 -> null;
			case 1, 2 -> string(random);
			case 3 -> random.nextInt();
			case 4 -> random.nextLong();
			case 5 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 6 -> random.nextBoolean();
			case 7 -> switch (random.nextInt(6)) {
				case 0 -> random.nextFloat();
				case 1 -> new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(30));
				case 2 -> BigInteger.valueOf(random.nextLong()).pow(3);
				case 3 -> (short) random.nextInt();
				case 4 ->
					new double[] { Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, 4.9e-324 }[random.nextInt(5)];
				default -> (byte) random.nextInt();
			};
			case 8 -> Map.of();
			case 9 -> List.of();
			case 10 -> new Point(random.nextInt(), string(random));
			case 11 -> random.nextBoolean() ? Map.of(1, "int key", 2, "two") : new String[] { string(random), null };
			case 12, 13 -> map(random, depth - 1);
			default -> {
				List<Object> list = new ArrayList<>();
				for (int i = random.nextInt(5); i > 0; i--) {
					list.add(content(random, depth - 1));
				}
				yield list;
			}
		};
	}

	private static Map<String, Object> map(Random random, int depth) {
		Map<String, Object> map = switch (random.nextInt(3)) {
			case 0 -> new HashMap<>();
			case 1 -> new TreeMap<>();
			default -> new LinkedHashMap<>();
		};
		for (int i = random.nextInt(6); i > 0; i--) {
			map.put(string(random), content(random, depth));
		}
		return map;
	}

	/** A value Jackson serializes as a bean. */
	public record Point(int x, String label) {
	}

	/** A value whose serialization fails. */
	public static final class Throwing {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

}
