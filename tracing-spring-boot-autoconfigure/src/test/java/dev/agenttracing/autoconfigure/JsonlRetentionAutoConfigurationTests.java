package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.export.jsonl.JsonlRetention;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlRetentionAutoConfigurationTests {

	@TempDir
	Path traces;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void keepsEveryFileByDefault() {
		runner().run((context) -> assertThat(context).doesNotHaveBean(JsonlRetention.class));
	}

	@Test
	void deletesTheOldestFilesBeyondTheTotalSizeInTheBackground() throws Exception {
		Path old = file("old.jsonl", 2048, Instant.now().minus(Duration.ofDays(2)));
		Path newer = file("newer.jsonl", 512, Instant.now().minus(Duration.ofDays(1)));
		runner().withPropertyValues("tracing.jsonl.retention.max-total-size=1KB").run((context) -> {
			JsonlRetention retention = context.getBean(JsonlRetention.class);
			assertThat(retention.directory()).isEqualTo(this.traces.toAbsolutePath().normalize());
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (Files.exists(old) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(old).doesNotExist();
			assertThat(newer).exists();
			assertThat(retention.filesRemoved()).isEqualTo(1);
		});
	}

	@Test
	void deletesFilesOlderThanTheMaxAge() throws Exception {
		Path old = file("old.jsonl", 10, Instant.now().minus(Duration.ofDays(20)));
		Path recent = file("recent.jsonl", 10, Instant.now().minus(Duration.ofDays(2)));
		runner().withPropertyValues("tracing.jsonl.retention.max-age=14d").run((context) -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (Files.exists(old) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(old).doesNotExist();
			assertThat(recent).exists();
		});
	}

	@Test
	void isOffWithoutTheJsonlFiles() {
		runner().withPropertyValues("tracing.jsonl.retention.max-age=14d", "tracing.jsonl.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JsonlRetention.class));
	}

	@Test
	void stopsWithTheContext() {
		runner().withPropertyValues("tracing.jsonl.retention.max-age=14d").run((context) -> {
			assertThat(retentionThreads()).isNotEmpty();
			context.close();
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!retentionThreads().isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(retentionThreads()).isEmpty();
		});
	}

	@Test
	void refusesLimitsOutOfRangeNamingTheProperty() {
		runner().withPropertyValues("tracing.jsonl.retention.max-age=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("tracing.jsonl.retention.max-age"));
		runner().withPropertyValues("tracing.jsonl.retention.max-total-size=-1MB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tracing.jsonl.retention.max-total-size"));
	}

	private static List<Thread> retentionThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("agent-tracing-retention") && thread.isAlive())
			.toList();
	}

	private Path file(String name, int bytes, Instant modified) throws IOException {
		Path file = this.traces.resolve(name);
		Files.write(file, new byte[bytes]);
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

}
