package dev.agenttracing.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.RunContentCompleted;
import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel whose exporter has a disk spool: what the backend cannot take waits on disk
 * and is exported later, in order, by the same channel or the next one.
 */
class ExportChannelSpoolTests {

	@TempDir
	Path dir;

	private final List<ExportChannel> channels = new ArrayList<>();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(DiskSpool.class),
			(Logger) LoggerFactory.getLogger(ExportChannel.class));

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.loggers.forEach((logger) -> logger.addAppender(this.logs));
	}

	@AfterEach
	void stop() {
		this.channels.forEach((channel) -> channel.shutdown(Duration.ofSeconds(2)));
		this.loggers.forEach((logger) -> logger.detachAppender(this.logs));
	}

	@Test
	void spoolsWhatTheBackendCannotTakeAndExportsItInOrderOnceItRecovers() throws Exception {
		FlakyExporter exporter = new FlakyExporter(settings().withMaxRetryInterval(Duration.ofMillis(100)));
		exporter.down = true;
		ExportChannel channel = channel(exporter, 2);
		offer(channel, 0, 6);
		await(() -> channel.stats().spool().events() == 6);
		assertThat(exporter.exported()).isEmpty();
		assertThat(channel.stats().failed()).isZero();

		exporter.down = false;
		await(() -> exporter.exported().size() == 6);

		assertThat(exporter.exported()).containsExactly("run-0", "run-1", "run-2", "run-3", "run-4", "run-5");
		await(() -> channel.stats().spool().files() == 0);
		SpoolStats spool = channel.stats().spool();
		assertThat(spool.events()).isZero();
		assertThat(spool.bytes()).isZero();
		assertThat(spool.oldest()).isNull();
		assertThat(spool.spooled()).isEqualTo(6);
		assertThat(channel.stats().exported()).isEqualTo(6);
		assertThat(spoolFiles()).isEmpty();
	}

	@Test
	void newBatchesWaitBehindTheSpooledOnesSoThatOrderHolds() throws Exception {
		FlakyExporter exporter = new FlakyExporter(settings().withMaxRetryInterval(Duration.ofMillis(300)));
		exporter.down = true;
		ExportChannel channel = channel(exporter, 1);
		offer(channel, 0, 1);
		await(() -> channel.stats().spool().events() == 1);
		exporter.down = false;
		// the backend is back, but the spooled batch is not due yet: these join it
		offer(channel, 1, 5);

		await(() -> exporter.exported().size() == 5);
		assertThat(exporter.exported()).containsExactly("run-0", "run-1", "run-2", "run-3", "run-4");
	}

	@Test
	void doesNotSpoolAFailureThatWouldRecur() throws Exception {
		FlakyExporter exporter = new FlakyExporter(settings());
		exporter.refuse = true;
		ExportChannel channel = channel(exporter, 1);
		offer(channel, 0, 3);
		await(() -> channel.stats().failed() == 3);
		assertThat(channel.stats().spool().spooled()).isZero();
		assertThat(spoolFiles()).isEmpty();
	}

	@Test
	void triesTheOldestSpooledBatchAgainAtLeastEveryMaxRetryInterval() throws Exception {
		FlakyExporter exporter = new FlakyExporter(settings().withMaxRetryInterval(Duration.ofMillis(200)));
		exporter.down = true;
		ExportChannel channel = channel(exporter, 1);
		offer(channel, 0, 1);
		await(() -> exporter.attempts.size() >= 8);
		List<Long> attempts = List.copyOf(exporter.attempts);
		for (int i = 1; i < attempts.size(); i++) {
			assertThat(Duration.ofNanos(attempts.get(i) - attempts.get(i - 1))).as("wait before attempt %d", i + 1)
				.isLessThan(Duration.ofMillis(200 * 6 / 5 + 500));
		}
		exporter.down = false;
		await(() -> exporter.exported().size() == 1);
	}

	@Test
	void aNewChannelWithTheSameDirectoryExportsWhatTheLastOneSpooled() throws Exception {
		FlakyExporter down = new FlakyExporter(settings());
		down.down = true;
		ExportChannel first = channel(down, 3);
		offer(first, 0, 9);
		await(() -> first.stats().spool().events() == 9);
		assertThat(first.shutdown(Duration.ofSeconds(2))).isTrue();
		assertThat(spoolFiles()).hasSize(3);

		FlakyExporter up = new FlakyExporter(settings());
		ExportChannel second = channel(up, 3);
		offer(second, 9, 10);
		await(() -> up.exported().size() == 10);

		assertThat(up.exported())
			.containsExactlyElementsOf(IntStream.range(0, 10).mapToObj((i) -> "run-" + i).toList());
		await(() -> spoolFiles().isEmpty());
	}

	@Test
	void spoolsWhatIsStillQueuedWhenTheShutdownTimeoutRunsOut() throws Exception {
		FlakyExporter hanging = new FlakyExporter(settings());
		hanging.hang = true;
		ExportChannel first = channel(hanging, 10);
		offer(first, 0, 35);
		assertThat(hanging.entered.await(5, TimeUnit.SECONDS)).isTrue();

		long started = System.nanoTime();
		first.shutdown(Duration.ofSeconds(2));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		await(() -> first.stats().spool().events() == 35);
		assertThat(first.stats().failed()).isZero();

		FlakyExporter up = new FlakyExporter(settings());
		channel(up, 10);
		await(() -> up.exported().size() == 35);
		assertThat(up.exported())
			.containsExactlyElementsOf(IntStream.range(0, 35).mapToObj((i) -> "run-" + i).toList());
	}

	@Test
	void writesTheSpoolForItsOwnerOnly() throws Exception {
		FlakyExporter exporter = new FlakyExporter(settings());
		exporter.down = true;
		ExportChannel channel = channel(exporter, 1);
		offer(channel, 0, 1);
		await(() -> channel.stats().spool().files() == 1);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir()))).isEqualTo("rwx------");
		assertThat(spoolFiles()).singleElement()
			.satisfies((file) -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
				.isEqualTo("rw-------"));
	}

	@Test
	void skipsACorruptOrTruncatedSpoolFileWithAWarningNamingItAndGoesOn() throws Exception {
		spoolWhileDown(3);
		List<Path> files = spoolFiles();
		assertThat(files).hasSize(3);
		Files.writeString(files.get(0), "not a spool file\n");
		byte[] second = Files.readAllBytes(files.get(1));
		Files.write(files.get(1), java.util.Arrays.copyOf(second, second.length - 10));

		FlakyExporter up = new FlakyExporter(settings());
		ExportChannel channel = channel(up, 1);
		await(() -> up.exported().size() == 1);
		assertThat(up.exported()).containsExactly("run-2");
		await(() -> channel.stats().spool().corruptFiles() == 2);
		Thread.sleep(300);
		assertThat(warnings()).filteredOn((line) -> line.contains("corrupt spool file"))
			.hasSize(2)
			.anySatisfy((line) -> assertThat(line).contains(files.get(0).toString()))
			.anySatisfy((line) -> assertThat(line).contains(files.get(1).toString()).contains("truncated"));
		assertThat(spoolDir().resolve(files.get(0).getFileName() + ".corrupt")).exists();
		assertThat(spoolFiles()).isEmpty();
		assertThat(up.exported()).hasSize(1);
	}

	@Test
	void neverOpensASpoolFileThroughASymbolicLink() throws Exception {
		spoolWhileDown(1);
		Path file = spoolFiles().get(0);
		Path outside = this.dir.resolve("outside.spool");
		Files.move(file, outside);
		Files.createSymbolicLink(file, outside);
		byte[] target = Files.readAllBytes(outside);

		FlakyExporter up = new FlakyExporter(settings());
		ExportChannel channel = channel(up, 1);
		offer(channel, 1, 2);
		await(() -> up.exported().size() == 1);
		Thread.sleep(300);

		assertThat(up.exported()).containsExactly("run-1");
		assertThat(warnings()).anySatisfy((line) -> assertThat(line).contains(file.toString()).contains("symbolic"));
		assertThat(outside).hasBinaryContent(target);
	}

	@Test
	void removesTheTemporaryFileOfACrashedWriteButNotOneBeingWritten() throws Exception {
		Files.createDirectories(spoolDir());
		Path stale = spoolDir().resolve("0000000000001-0000000000-00000000-1.spool.tmp");
		Path fresh = spoolDir().resolve("0000000000002-0000000000-00000000-1.spool.tmp");
		Files.writeString(stale, "{\"spool\":1");
		Files.writeString(fresh, "{\"spool\":1");
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

		DiskSpool spool = new DiskSpool("test", settings(), Clock.systemUTC());
		spool.open();

		assertThat(stale).doesNotExist();
		assertThat(fresh).exists();
		assertThat(spool.hasPending()).isFalse();
	}

	@Test
	void dropsTheOldestBatchesBeyondItsSizeCountedAndLoggedOnce() throws Exception {
		byte[] one = DiskSpool.encode(List.of(event(0)));
		FlakyExporter exporter = new FlakyExporter(settings().withMaxBytes(one.length * 5L + 10));
		exporter.down = true;
		ExportChannel channel = channel(exporter, 1);
		offer(channel, 0, 20);
		await(() -> channel.stats().spool().spooled() == 20);

		SpoolStats spool = channel.stats().spool();
		assertThat(spool.files()).isEqualTo(5);
		assertThat(spool.dropped()).isEqualTo(15);
		assertThat(spool.bytes()).isLessThanOrEqualTo(one.length * 5L + 10);
		assertThat(warnings()).filteredOn((line) -> line.contains("dropped")).singleElement();

		exporter.down = false;
		await(() -> exporter.exported().size() == 5);
		assertThat(exporter.exported()).containsExactly("run-15", "run-16", "run-17", "run-18", "run-19");
	}

	private void spoolWhileDown(int batches) throws Exception {
		FlakyExporter down = new FlakyExporter(settings());
		down.down = true;
		ExportChannel channel = channel(down, 1);
		offer(channel, 0, batches);
		await(() -> channel.stats().spool().events() == batches);
		channel.shutdown(Duration.ofSeconds(2));
		this.channels.remove(channel);
	}

	private SpoolSettings settings() {
		return SpoolSettings.of(spoolDir()).withMaxRetryInterval(Duration.ofMillis(100));
	}

	private Path spoolDir() {
		return this.dir.resolve("spool");
	}

	private List<Path> spoolFiles() {
		if (!Files.isDirectory(spoolDir())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(spoolDir())) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".spool")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<String> warnings() {
		synchronized (this.logs) {
			return this.logs.list.stream()
				.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	private ExportChannel channel(FlakyExporter exporter, int batchSize) {
		ExportChannel channel = new ExportChannel("flaky", exporter,
				ExportBatching.fixed(batchSize, Duration.ofMillis(20)), 1000);
		this.channels.add(channel);
		return channel;
	}

	private static void offer(ExportChannel channel, int from, int to) {
		for (int i = from; i < to; i++) {
			channel.offer(event(i));
		}
	}

	private static TraceEvent event(int i) {
		RunInfo run = new RunInfo("run-" + i, "s", "trace_00000000000000000000000000000000",
				"span_000000000000000000000000", "agent", null, null);
		return new RunContentCompleted(Instant.parse("2026-01-02T03:04:05.123456Z"), run);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("condition met within 10 s").isNegative();
			Thread.sleep(5);
		}
	}

	/**
	 * Fails with an I/O error while down, refuses for good, or hangs until interrupted.
	 */
	static final class FlakyExporter implements TraceExporter {

		private final SpoolSettings spool;

		private final List<String> exported = new CopyOnWriteArrayList<>();

		final List<Long> attempts = new CopyOnWriteArrayList<>();

		final CountDownLatch entered = new CountDownLatch(1);

		volatile boolean down;

		volatile boolean refuse;

		volatile boolean hang;

		FlakyExporter(SpoolSettings spool) {
			this.spool = spool;
		}

		@Override
		public SpoolSettings spool() {
			return this.spool;
		}

		@Override
		public void export(List<TraceEvent> events) throws Exception {
			this.attempts.add(System.nanoTime());
			this.entered.countDown();
			if (this.hang) {
				Thread.sleep(Long.MAX_VALUE);
			}
			if (this.refuse) {
				throw new IllegalStateException("refused");
			}
			if (this.down) {
				throw new IOException("connection refused");
			}
			events.forEach((event) -> this.exported.add(event.runId()));
		}

		List<String> exported() {
			return List.copyOf(this.exported);
		}

	}

}
