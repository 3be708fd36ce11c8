package dev.agenttracing.export.celesto;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.event.RunInfo;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.celesto.RecordingServer.Exchange;
import dev.agenttracing.export.celesto.RecordingServer.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Retries, refusals, timeouts, interruption and request sizes, calling the exporter
 * directly.
 */
class CelestoDeliveryTests {

	private static final String TOKEN = "test-token-0c5d8e4b7a9f1236";

	private RecordingServer server;

	private LogCapture logs;

	@BeforeEach
	void start() throws Exception {
		this.server = RecordingServer.start();
		this.logs = LogCapture.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.logs.close();
	}

	@Test
	void retriesServerErrorsAndDeliversExactlyOnce() throws Exception {
		this.server.respond((index, request) -> (index < 2) ? Reply.status(503) : Reply.ok());
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofMillis(50)).build();
		List<TraceEvent> events = oneRun();

		exporter.export(events);

		List<Exchange> exchanges = this.server.exchanges();
		assertThat(exchanges).extracting(Exchange::status).containsExactly(503, 503, 200);
		assertThat(exchanges).extracting(exchange -> exchange.request().text())
			.containsOnly(exchanges.get(0).request().text());
		assertThat(exchanges.get(1).request().receivedNanos() - exchanges.get(0).request().receivedNanos())
			.as("first backoff, 50 ms less 20 % jitter")
			.isGreaterThanOrEqualTo(40_000_000L);
		assertThat(this.server.deliveredItems()).hasSize(2);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void doesNotRetryAClientErrorAndLogsItOnceWithTheStartOfTheAnswer() throws Exception {
		String answer = "{\"error\":\"invalid span\",\"authorization\":\"Bearer " + TOKEN + "\",\"detail\":\""
				+ "x".repeat(1000) + "END-OF-ANSWER\"}";
		this.server.respond((index, request) -> Reply.status(400).withBody(answer));
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofMillis(10)).build();

		assertThatExceptionOfType(CelestoExportException.class).isThrownBy(() -> exporter.export(oneRun()))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.getMessage()).doesNotContain(TOKEN);
			});
		assertThat(this.server.exchanges()).hasSize(1);
		List<String> warnings = this.logs.warnings(CelestoExporter.class);
		assertThat(warnings).singleElement().satisfies(line -> {
			assertThat(line).contains("HTTP 400").contains("invalid span").contains("[REDACTED]");
			assertThat(line).doesNotContain("END-OF-ANSWER");
		});
		assertThat(this.logs.lines()).filteredOn(line -> line.contains("invalid span")).hasSize(1);

		assertThatExceptionOfType(CelestoExportException.class).isThrownBy(() -> exporter.export(oneRun()));
		assertThat(this.server.exchanges()).hasSize(2);
		assertThat(this.logs.warnings(CelestoExporter.class)).as("once per status").hasSize(1);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void retriesTooManyRequestsAfterTheDelayTheServerAsksFor() throws Exception {
		this.server
			.respond((index, request) -> (index == 0) ? Reply.status(429).withHeader("Retry-After", "1") : Reply.ok());
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofMillis(10)).build();

		exporter.export(oneRun());

		List<Exchange> exchanges = this.server.exchanges();
		assertThat(exchanges).extracting(Exchange::status).containsExactly(429, 200);
		assertThat(exchanges.get(1).request().receivedNanos() - exchanges.get(0).request().receivedNanos())
			.isGreaterThanOrEqualTo(950_000_000L);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void retriesARequestTimeoutAnswer() throws Exception {
		this.server.respond((index, request) -> (index == 0) ? Reply.status(408) : Reply.ok());
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofMillis(10)).build();

		exporter.export(oneRun());

		assertThat(this.server.exchanges()).extracting(Exchange::status).containsExactly(408, 200);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void givesUpAfterMaxAttemptsAndThrowsSoTheBatchCountsAsFailed() throws Exception {
		this.server.respond((index, request) -> Reply.status(502));
		CelestoExporter exporter = exporter().maxAttempts(3).initialBackoff(Duration.ofMillis(10)).build();

		assertThatExceptionOfType(CelestoExportException.class).isThrownBy(() -> exporter.export(oneRun()))
			.satisfies(ex -> {
				assertThat(ex.status()).isEqualTo(502);
				assertThat(ex.isRetryable()).isTrue();
				assertThat(ex.getMessage()).contains("3 attempts").doesNotContain(TOKEN);
			});
		assertThat(this.server.exchanges()).hasSize(3);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void timesOutAnUnansweredRequestAndTriesAgain() throws Exception {
		this.server.respond((index, request) -> Reply.noAnswer());
		CelestoExporter exporter = exporter().timeout(Duration.ofMillis(300))
			.maxAttempts(2)
			.initialBackoff(Duration.ofMillis(10))
			.build();

		long started = System.nanoTime();
		assertThatExceptionOfType(CelestoExportException.class).isThrownBy(() -> exporter.export(oneRun()))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(-1));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.server.exchanges()).hasSize(2);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void endsABackoffSleepAtOnceWhenInterrupted() throws Exception {
		this.server.respond((index, request) -> Reply.status(503));
		CelestoExporter exporter = exporter().initialBackoff(Duration.ofSeconds(30)).build();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread worker = new Thread(() -> {
			try {
				exporter.export(oneRun());
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		});
		worker.start();
		this.server.awaitRequests(1, Duration.ofSeconds(5));
		awaitSleeping(worker, Duration.ofSeconds(5));

		long interrupted = System.nanoTime();
		worker.interrupt();
		worker.join(2000);

		assertThat(worker.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(1));
		assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
		assertThat(this.server.exchanges()).hasSize(1);
		this.logs.assertNoLineContains(TOKEN);
	}

	@Test
	void endsARequestInFlightAtOnceWhenInterrupted() throws Exception {
		this.server.respond((index, request) -> Reply.noAnswer());
		CelestoExporter exporter = exporter().timeout(Duration.ofSeconds(30)).build();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread worker = new Thread(() -> {
			try {
				exporter.export(oneRun());
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		});
		worker.start();
		this.server.awaitRequests(1, Duration.ofSeconds(5));

		long interrupted = System.nanoTime();
		worker.interrupt();
		worker.join(2000);

		assertThat(worker.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(1));
		assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
	}

	@Test
	void splitsABatchLargerThanMaxBatchSize() throws Exception {
		CelestoExporter exporter = exporter().maxBatchSize(100).build();
		List<TraceEvent> events = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			RunInfo run = TestEvents.run("Agent " + i);
			events.add(TestEvents.started(run));
			events.add(TestEvents.completed(run, "answer " + i));
		}

		exporter.export(events);

		assertThat(this.server.exchanges()).hasSize(6)
			.allSatisfy(exchange -> assertThat(exchange.items()).hasSize(100));
		assertThat(this.server.deliveredItems())
			.extracting(item -> item.containsKey("id") ? item.get("id") : item.get("span_id"))
			.doesNotHaveDuplicates()
			.hasSize(600);
	}

	@Test
	void splitsRequestsSoThatNoBodyExceedsTheSizeLimit() throws Exception {
		CelestoExporter exporter = exporter().build();
		RunInfo run = TestEvents.run("Agent");
		List<TraceEvent> events = new ArrayList<>();
		events.add(TestEvents.started(run));
		for (int i = 0; i < 30; i++) {
			events.add(TestEvents.toolCompleted(run, "read_page", Map.of("page", i), i + ":" + "a".repeat(90_000)));
		}
		events.add(TestEvents.completed(run, "done"));

		exporter.export(events);

		List<Exchange> exchanges = this.server.exchanges();
		assertThat(exchanges).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy(exchange -> assertThat(exchange.request().body().length).isLessThanOrEqualTo(1024 * 1024));
		List<Map<String, Object>> items = this.server.deliveredItems();
		assertThat(items).hasSize(32);
		assertThat(items.get(0)).containsEntry("object", "trace");
		for (int i = 0; i < 30; i++) {
			Map<?, ?> data = (Map<?, ?>) items.get(i + 1).get("span_data");
			assertThat((String) data.get("output")).startsWith(i + ":");
		}
	}

	@Test
	void leavesOutAnItemTooLargeForAnyRequestAndSendsTheRest() throws Exception {
		CelestoExporter exporter = exporter().maxRequestBytes(2048).maxFieldBytes(256).build();
		RunInfo big = TestEvents.run("Agent", Map.of("notes", "n".repeat(4000)));
		RunInfo small = TestEvents.run("Agent");

		exporter.export(List.of(TestEvents.started(big), TestEvents.started(small), TestEvents.completed(small, "ok")));

		assertThat(this.server.deliveredItems()).extracting(item -> item.get("object"))
			.containsExactly("trace", "trace.span");
		assertThat(this.server.deliveredItems().get(0)).containsEntry("id", small.traceId());
		assertThat(this.logs.warnings(CelestoExporter.class)).singleElement()
			.satisfies(line -> assertThat(line).contains("does not fit"));
	}

	@Test
	void replacesTheTokenWhereverItShowsUpInTheContent() throws Exception {
		CelestoExporter exporter = exporter().build();
		RunInfo run = TestEvents.run("Agent", Map.of("key", TOKEN));

		exporter.export(List.of(TestEvents.started(run),
				TestEvents.toolCompleted(run, "env", Map.of("name", TOKEN), "the key is " + TOKEN),
				TestEvents.completed(run, Map.of(TOKEN, List.of(TOKEN)))));

		String body = this.server.exchanges().get(0).request().text();
		assertThat(body).doesNotContain(TOKEN).contains("[REDACTED]");
		assertThat(exporter.toString()).doesNotContain(TOKEN).contains("****");
	}

	@Test
	void honoursRetryAfterAsSecondsOrAsAnHttpDate() {
		java.time.Instant now = java.time.Instant.parse("2026-01-02T22:07:49Z");
		String date = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.ofInstant(now.plusSeconds(7), ZoneOffset.UTC));
		assertThat(Backoff.parseRetryAfter("3", now)).isEqualTo(Duration.ofSeconds(3));
		assertThat(Backoff.parseRetryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
		assertThat(Backoff.parseRetryAfter(date, now)).isEqualTo(Duration.ofSeconds(7));
		assertThat(Backoff.parseRetryAfter("Fri, 02 Jan 2026 22:00:00 GMT", now)).isEqualTo(Duration.ZERO);
		assertThat(Backoff.parseRetryAfter("soon", now)).isNull();
		assertThat(Backoff.parseRetryAfter("-5", now)).isNull();
		assertThat(Backoff.parseRetryAfter(null, now)).isNull();
	}

	@Test
	void doublesTheBackoffWithJitterUpToTheMaximumWhichAlsoCapsRetryAfter() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700));
		assertThat(backoff.next(null)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
		assertThat(backoff.next(null)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
		assertThat(backoff.next(null)).isBetween(Duration.ofMillis(320), Duration.ofMillis(480));
		assertThat(backoff.next(null)).isBetween(Duration.ofMillis(560), Duration.ofMillis(700));
		assertThat(backoff.next(null)).isBetween(Duration.ofMillis(560), Duration.ofMillis(700));
		assertThat(backoff.next(Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(700));
		assertThat(backoff.next(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
	}

	@Test
	void keepsTheTokenOutOfEveryMessageAboutIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> CelestoExporter.builder().token("cel_abc def123"))
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("abc").doesNotContain("def123"));
		assertThatIllegalArgumentException().isThrownBy(() -> CelestoExporter.builder().token("   "));
		CelestoExporter.Builder builder = CelestoExporter.builder();
		assertThat(builder.toString()).doesNotContain(TOKEN);
		assertThat(builder.token(TOKEN).build().toString()).doesNotContain(TOKEN);
	}

	@Test
	void hasAgentorsDefaults() {
		CelestoExporter exporter = CelestoExporter.builder().token(TOKEN).build();
		assertThat(exporter.endpoint()).hasToString("https://api.celesto.ai/v1/traces/ingest");
		assertThat(exporter.batchDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(exporter.maxBatchSize()).isEqualTo(256);
		assertThat(exporter.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(exporter.maxRequestBytes()).isEqualTo(1024 * 1024);
		assertThat(exporter.maxFieldBytes()).isEqualTo(100_000);
		assertThat(CelestoExporter.builder()
			.token(TOKEN)
			.baseUrl(java.net.URI.create("http://localhost:8080/v1/"))
			.build()
			.endpoint()).hasToString("http://localhost:8080/v1/traces/ingest");
	}

	private CelestoExporter.Builder exporter() {
		return CelestoExporter.builder().endpoint(this.server.uri()).token(TOKEN);
	}

	/** Waits until the thread sleeps in {@code Thread.sleep}, its backoff. */
	private static void awaitSleeping(Thread thread, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!sleeping(thread)) {
			assertThat(System.nanoTime() - deadline).as("thread never slept").isNegative();
			Thread.sleep(5);
		}
	}

	private static boolean sleeping(Thread thread) {
		for (StackTraceElement frame : thread.getStackTrace()) {
			if (frame.getClassName().equals(Thread.class.getName()) && frame.getMethodName().startsWith("sleep")) {
				return true;
			}
		}
		return false;
	}

	private static List<TraceEvent> oneRun() {
		RunInfo run = TestEvents.run("Agent");
		return List.of(TestEvents.started(run), TestEvents.completed(run, "answer"));
	}

}
