package dev.agenttracing.viewer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the times of trace lines. */
class RunIndexTests {

	private static final DateTimeFormatter EXPORTER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void readsTheExportersTimestampsAsTheStandardParserDoes() {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000) * 1000L);
			String text = EXPORTER.format(instant);
			assertThat(RunIndex.exporterTimestamp(text)).as(text)
				.isEqualTo(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
		}
	}

	@Test
	void leavesOtherFormsToTheStandardParserOrToCreatedAt() {
		assertThat(RunIndex.exporterTimestamp("2026-02-30T04:05:54.123456Z")).isEqualTo(RunIndex.UNKNOWN);
		assertThat(RunIndex.exporterTimestamp("2026-11-22T24:05:54.123456Z")).isEqualTo(RunIndex.UNKNOWN);
		assertThat(RunIndex.exporterTimestamp("2026-11-22T04:05:54.12345xZ")).isEqualTo(RunIndex.UNKNOWN);
		assertThat(RunIndex.micros(Map.of("timestamp", "2026-11-22T05:05:54.5+01:00")))
			.isEqualTo(Instant.parse("2026-11-22T04:05:54.5Z").toEpochMilli() * 1000);
		assertThat(RunIndex.micros(Map.of("timestamp", "yesterday", "created_at", 1795317772)))
			.isEqualTo(1795317772_000_000L);
		assertThat(RunIndex.micros(Map.of())).isEqualTo(RunIndex.UNKNOWN);
	}

}
