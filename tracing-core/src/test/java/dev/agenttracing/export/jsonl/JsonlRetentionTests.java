package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Retention of the JSONL files, with a fixed clock and set file times.
 */
class JsonlRetentionTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@TempDir
	Path dir;

	@Test
	void removesTheOldestFilesFirstUntilTheRestFitInTheSize() throws Exception {
		for (int hours = 5; hours >= 1; hours--) {
			file("s" + hours + ".jsonl", 1000, NOW.minus(Duration.ofHours(hours)));
		}
		JsonlRetention retention = new JsonlRetention(this.dir, null, 2500, Set::of, CLOCK);

		assertThat(retention.enforce()).isEqualTo(3);

		assertThat(names()).containsExactly("s1.jsonl", "s2.jsonl");
		assertThat(retention.filesRemoved()).isEqualTo(3);
		assertThat(retention.bytesRemoved()).isEqualTo(3000);
		assertThat(retention.enforce()).isZero();
	}

	@Test
	void removesTheFilesOlderThanTheMaxAge() throws Exception {
		file("old.jsonl", 10, NOW.minus(Duration.ofDays(8)));
		file("week.jsonl", 10, NOW.minus(Duration.ofDays(6)));
		file("new.jsonl", 10, NOW.minus(Duration.ofHours(1)));
		JsonlRetention retention = new JsonlRetention(this.dir, Duration.ofDays(7), -1, Set::of, CLOCK);

		retention.enforce();

		assertThat(names()).containsExactly("new.jsonl", "week.jsonl");
	}

	@Test
	void neverRemovesAFileWrittenInTheLastMinuteNorOneTheExporterHasOpen() throws Exception {
		file("recent.jsonl", 1000, NOW.minusSeconds(30));
		Path open = file("open.jsonl", 1000, NOW.minus(Duration.ofDays(30)));
		file("closed.jsonl", 1000, NOW.minus(Duration.ofDays(29)));
		JsonlRetention retention = new JsonlRetention(this.dir, Duration.ofDays(1), 0, () -> Set.of(open), CLOCK);

		retention.enforce();

		assertThat(names()).containsExactly("open.jsonl", "recent.jsonl");
	}

	@Test
	void sparesTheFileAJsonlExporterIsWriting() throws Exception {
		JsonlExporter exporter = new JsonlExporter(this.dir);
		RunInfo run = new RunInfo("run-1", "live", "trace_00000000000000000000000000000000",
				"span_000000000000000000000000", "agent", null, null);
		exporter.export(List.of(new RunContentCompleted(NOW, run)));
		Path live = exporter.sessionFile("live");
		Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
		file("gone.jsonl", 10, Instant.now().minus(Duration.ofDays(31)));
		JsonlRetention retention = JsonlRetention.of(exporter, Duration.ofDays(1), 0);

		retention.enforce();
		assertThat(names()).containsExactly("live.jsonl");

		exporter.shutdown();
		retention.enforce();
		assertThat(names()).isEmpty();
	}

	@Test
	void neverFollowsASymbolicLinkNorLooksIntoSubdirectories() throws Exception {
		Path outside = Files.createTempFile("outside", ".jsonl");
		try {
			Files.writeString(outside, "{}\n");
			Path link = Files.createSymbolicLink(this.dir.resolve("link.jsonl"), outside);
			Files.setLastModifiedTime(outside, FileTime.from(NOW.minus(Duration.ofDays(30))));
			Files.createDirectories(this.dir.resolve(".spool/celesto"));
			Path spooled = file(".spool/celesto/old.jsonl", 10, NOW.minus(Duration.ofDays(30)));
			file("other.txt", 10, NOW.minus(Duration.ofDays(30)));
			JsonlRetention retention = new JsonlRetention(this.dir, Duration.ofDays(1), 0, Set::of, CLOCK);

			retention.enforce();

			assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
			assertThat(outside).hasContent("{}");
			assertThat(spooled).exists();
			assertThat(this.dir.resolve("other.txt")).exists();
			assertThat(retention.filesRemoved()).isZero();
		}
		finally {
			Files.deleteIfExists(outside);
		}
	}

	@Test
	void runsOnADaemonThreadUntilClosed() throws Exception {
		Path old = file("old.jsonl", 10, Instant.now().minus(Duration.ofDays(30)));
		JsonlRetention retention = new JsonlRetention(this.dir, Duration.ofDays(1), -1, Set::of, Clock.systemUTC());
		retention.start(Duration.ofMillis(50));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Files.exists(old) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(old).doesNotExist();
		assertThat(Thread.getAllStackTraces().keySet()).filteredOn((t) -> t.getName().equals("agent-tracing-retention"))
			.allMatch(Thread::isDaemon);

		retention.close();
		Thread.sleep(200);
		Path later = file("later.jsonl", 10, Instant.now().minus(Duration.ofDays(30)));
		Thread.sleep(200);
		assertThat(later).exists();
	}

	@Test
	void refusesAMaxAgeThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JsonlRetention(this.dir, Duration.ZERO, -1, Set::of, CLOCK));
	}

	private Path file(String name, int bytes, Instant modified) throws IOException {
		Path file = this.dir.resolve(name);
		Files.write(file, new byte[bytes]);
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

	private List<String> names() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
