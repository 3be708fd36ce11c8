package dev.agenttracing.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written timestamp writes exactly what the formatter would. */
class EventCodecTimestampTests {

	private static final DateTimeFormatter FORMATTER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void writesWhatTheFormatterWrites() {
		List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
				Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("2024-02-29T23:59:59.000001Z"),
				Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("+10000-01-01T00:00:00Z"),
				Instant.parse("-0001-12-31T23:59:59Z"));
		for (Instant instant : edges) {
			assertThat(EventCodec.timestamp(instant)).as(instant.toString()).isEqualTo(FORMATTER.format(instant));
		}
		Random random = new Random(7);
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62167219200L, 253402300800L),
					random.nextInt(1_000_000) * 1_000L + ((i % 2 == 0) ? 0 : random.nextInt(1_000)));
			assertThat(EventCodec.timestamp(instant)).as(instant.toString()).isEqualTo(FORMATTER.format(instant));
		}
	}

}
