package dev.agenttracing.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Reading one line of a trace file, and when it happened, leniently. */
class EventCodecReadingTests {

	private static final DateTimeFormatter EXPORTER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void readsTheExportersTimestampsAsTheStandardParserDoes() {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L),
					random.nextInt(1_000_000) * 1000L);
			String text = EXPORTER.format(instant);
			assertThat(EventCodec.exporterTimestamp(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
			assertThat(EventCodec.readTimestamp(text)).as(text).isEqualTo(instant);
		}
	}

	@Test
	void leavesOtherFormsToTheStandardParserOrToCreatedAt() {
		assertThat(EventCodec.exporterTimestamp("2026-02-30T04:05:54.123456Z")).isNull();
		assertThat(EventCodec.exporterTimestamp("2026-11-22T24:05:54.123456Z")).isNull();
		assertThat(EventCodec.exporterTimestamp("2026-11-22T04:05:54.12345xZ")).isNull();
		assertThat(EventCodec.lineTime(Map.of("timestamp", "2026-11-22T05:05:54.5+01:00")))
			.isEqualTo(Instant.parse("2026-11-22T04:05:54.5Z"));
		assertThat(EventCodec.lineTime(Map.of("timestamp", "2026-11-22T04:05:54Z")))
			.isEqualTo(Instant.parse("2026-11-22T04:05:54Z"));
		assertThat(EventCodec.lineTime(Map.of("timestamp", "yesterday", "created_at", 1795317772)))
			.isEqualTo(Instant.ofEpochSecond(1795317772));
		assertThat(EventCodec.lineTime(Map.of("created_at", 1795317772.25)))
			.isEqualTo(Instant.ofEpochSecond(1795317772, 250_000_000));
		assertThat(EventCodec.lineTime(Map.of("timestamp", "2026-02-30T04:05:54.123456Z"))).isNull();
		assertThat(EventCodec.lineTime(Map.of("created_at", "yesterday"))).isNull();
		assertThat(EventCodec.lineTime(Map.of())).isNull();
	}

	@Test
	void neverFailsOnATimeOutOfRange() {
		assertThat(EventCodec.lineTime(Map.of("created_at", Long.MAX_VALUE))).isNotNull();
		assertThat(EventCodec.lineTime(Map.of("created_at", -1e300))).isNotNull();
		assertThatNoException()
			.isThrownBy(() -> EventCodec.lineTime(Map.of("timestamp", "+1000000000-01-01T00:00:00Z")));
		assertThat(EventCodec.lineTime(Map.of("timestamp", "+9999999999-01-01T00:00:00Z"))).isNull();
	}

	@Test
	void readsALineAsTheMapOfTheEventAndBackAsTheEvent() {
		RunInfo run = new RunInfo("run-1", "session-1", "trace_1", "span_run", "Agent", "group", Map.of("team", "a"));
		TraceEvent event = new ToolCallCompleted(Instant.parse("2026-11-22T04:05:54.123456Z"), run,
				new ToolInvocation("call_1", "lookup", "span_t1", Map.of("id", 7)), List.of("ok", 1),
				Duration.ofMillis(12));
		String text = JsonMapper.builder().build().writeValueAsString(event.toMap());
		byte[] bytes = ("  " + text + "\n").getBytes(StandardCharsets.UTF_8);

		Map<String, Object> line = EventCodec.readLine(bytes, 2, bytes.length - 3);

		assertThat(line).isEqualTo(EventCodec.readLine(text)).containsEntry("event", "ToolCallCompleted");
		assertThat(TraceEvent.fromMap(line)).isEqualTo(event);
		assertThat(EventCodec.lineTime(line)).isEqualTo(event.timestamp());
	}

	@Test
	void readsAnyJsonObjectButRefusesWhatIsNone() {
		assertThat(EventCodec.readLine("{\"foo\": 1}")).containsEntry("foo", 1);
		assertThatIllegalArgumentException().isThrownBy(() -> EventCodec.readLine("{\"event\": \"RunStarted\", "))
			.withMessageStartingWith("malformed JSON: ");
		assertThatIllegalArgumentException().isThrownBy(() -> EventCodec.readLine("[1, 2]"))
			.withMessageStartingWith("malformed JSON: ");
		assertThatIllegalArgumentException().isThrownBy(() -> EventCodec.readLine("null"))
			.withMessage("not a JSON object");
		byte[] bytes = "xx{\"a\":".getBytes(StandardCharsets.UTF_8);
		assertThatIllegalArgumentException().isThrownBy(() -> EventCodec.readLine(bytes, 2, bytes.length - 2))
			.withMessageStartingWith("malformed JSON: ");
	}

}
