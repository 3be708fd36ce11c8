package dev.agenttracing.export.celesto;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportBatching;
import dev.agenttracing.export.SpoolSettings;
import dev.agenttracing.export.TraceExporter;
import dev.agenttracing.export.celesto.RequestBodies.Body;
import dev.agenttracing.internal.RateLimitedLog;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends traces to Celesto's ingest API ({@code POST /v1/traces/ingest}) in exactly the
 * form of the agentor Python SDK, so that Java agents show in the same dashboard as
 * Python ones. A run becomes one {@code trace} item when it starts and an {@code agent}
 * span when it ends; each tool call a {@code function} span and each reasoning step a
 * {@code custom} span, children of the run's span. Streamed content chunks are not sent:
 * they are part of the run's output.
 *
 * <p>
 * Unlike the Python SDK it retries what can succeed later (5xx, 408, 429, no connection,
 * no answer in time) with exponential backoff and jitter, honouring {@code Retry-After},
 * a bounded number of times; it never retries a refusal (any other 4xx), which it logs
 * once per status with the start of the answer. It splits a batch so that no request body
 * exceeds {@link Builder#maxRequestBytes(int)}, and cuts any {@code input} or
 * {@code output} whose JSON exceeds {@link Builder#maxFieldBytes(int)}, ending it with
 * {@code ... [truncated]}. Backoff sleeps and requests in flight end at once when the
 * worker thread is interrupted, which {@code AgentTracer.shutdown(timeout)} does when the
 * timeout runs out, so that the JVM's exit is never held. The API token appears only in
 * the {@code Authorization} header: never in logs, exception messages,
 * {@link #toString()} or the traces themselves (where it occurs in captured content it is
 * replaced by {@code [REDACTED]}).
 *
 * <p>
 * With a spool ({@link Builder#spool(SpoolSettings)}), a batch that is still unavailable
 * after the last attempt, or still queued when the shutdown timeout runs out, waits on
 * disk and is sent later, by this process or the next one with the same directory; a
 * refused one is not spooled. A batch sent again carries the same trace and span ids.
 *
 * <pre>{@code
 * CelestoExporter celesto = CelestoExporter.builder()
 *     .token(System.getenv("CELESTO_API_KEY"))
 *     .build();
 * AgentTracer tracer = AgentTracer.builder()
 *     .exporter("celesto", celesto) // batches of maxBatchSize, or after batchDelay
 *     .build();
 * }</pre>
 */
public final class CelestoExporter implements TraceExporter {

	/** Where agentor sends traces by default. */
	public static final URI DEFAULT_ENDPOINT = URI.create("https://api.celesto.ai/v1/traces/ingest");

	private static final Logger logger = LoggerFactory.getLogger(CelestoExporter.class);

	private static final int LOGGED_BODY_CHARS = 500;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final URI endpoint;

	private final String token;

	private final String authorization;

	private final Duration batchDelay;

	private final int maxBatchSize;

	private final Duration timeout;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final int maxRequestBytes;

	private final int maxFieldBytes;

	private final @Nullable SpoolSettings spool;

	private final CelestoPayload payload;

	private final HttpClient client;

	private final RateLimitedLog rateLimitedLog = new RateLimitedLog(logger, Duration.ofMinutes(1));

	private volatile boolean shutDown;

	private CelestoExporter(Builder builder, String token) {
		this.endpoint = builder.endpoint;
		this.token = token;
		this.authorization = "Bearer " + token;
		this.batchDelay = builder.batchDelay;
		this.maxBatchSize = builder.maxBatchSize;
		this.timeout = builder.timeout;
		this.maxAttempts = builder.maxAttempts;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.maxRequestBytes = builder.maxRequestBytes;
		this.maxFieldBytes = builder.maxFieldBytes;
		this.spool = builder.spool;
		this.payload = new CelestoPayload(mapper, this.maxFieldBytes, token);
		// HTTP/2 where TLS negotiates it; plain HTTP/1.1 otherwise, so that no h2c
		// upgrade headers are sent
		this.client = HttpClient.newBuilder()
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version("https".equalsIgnoreCase(this.endpoint.getScheme()) ? HttpClient.Version.HTTP_2
					: HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * A builder with agentor's defaults: the Celesto endpoint, batches of up to 256 every
	 * second, 10 s timeout.
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** Where the traces go. */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * The longest a partial batch waits: the flush interval this exporter's channel
	 * should use.
	 */
	public Duration batchDelay() {
		return this.batchDelay;
	}

	/**
	 * The most items in one request: the batch size this exporter's channel should use.
	 */
	public int maxBatchSize() {
		return this.maxBatchSize;
	}

	/**
	 * Batches of {@link #maxBatchSize()} events, a partial one after
	 * {@link #batchDelay()}: the batching of this exporter's channel.
	 */
	@Override
	public ExportBatching batching() {
		return ExportBatching.fixed(this.maxBatchSize, this.batchDelay);
	}

	/**
	 * Where batches Celesto cannot take now wait, if anywhere: set with
	 * {@link Builder#spool(SpoolSettings)}.
	 */
	@Override
	public @Nullable SpoolSettings spool() {
		return this.spool;
	}

	/**
	 * Whether a failure may pass: the ingest stayed unavailable through every attempt (a
	 * retryable {@link CelestoExportException}). A refusal of the content is not, nor is
	 * an export after {@link #shutdown()}.
	 */
	@Override
	public boolean isTemporary(Exception failure) {
		return failure instanceof CelestoExportException celesto && celesto.isRetryable();
	}

	/** The longest one attempt at a request may take. */
	public Duration timeout() {
		return this.timeout;
	}

	/** The most attempts at one request. */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/** The most bytes of one request body. */
	public int maxRequestBytes() {
		return this.maxRequestBytes;
	}

	/** The most bytes the JSON of one {@code input} or {@code output} field may take. */
	public int maxFieldBytes() {
		return this.maxFieldBytes;
	}

	/**
	 * Sends the events' items, in order, in as few requests as the limits allow.
	 * @throws CelestoExportException if a request was refused or the ingest stayed
	 * unavailable
	 * @throws InterruptedException if the thread was interrupted; nothing more is sent
	 */
	@Override
	public void export(List<TraceEvent> events) throws CelestoExportException, InterruptedException {
		if (this.shutDown) {
			throw new IllegalStateException("CelestoExporter is shut down");
		}
		List<Body> bodies = RequestBodies.split(items(events), this.maxBatchSize, this.maxRequestBytes, this::oversize);
		CelestoExportException refused = null;
		for (Body body : bodies) {
			try {
				send(body);
			}
			catch (CelestoExportException ex) {
				if (ex.isRetryable()) {
					// the ingest is unavailable: the rest of the batch would only wait
					// for the same answer
					throw ex;
				}
				refused = ex;
			}
		}
		if (refused != null) {
			throw refused;
		}
	}

	/** Sends nothing: {@link #export(List)} sends each batch before it returns. */
	@Override
	public void flush() {
	}

	/** Stops taking batches and releases the HTTP client. */
	@Override
	public void shutdown() {
		this.shutDown = true;
		shutdownClient(this.client);
	}

	private List<byte[]> items(List<TraceEvent> events) {
		List<byte[]> items = new ArrayList<>(events.size());
		for (TraceEvent event : events) {
			try {
				Map<String, @Nullable Object> item = this.payload.item(event);
				if (item != null) {
					items.add(this.payload.serialize(item));
				}
			}
			catch (RuntimeException ex) {
				this.rateLimitedLog.warn("item:" + event.event() + ":" + ex.getClass().getName(),
						() -> "Could not turn a " + event.event() + " event of run " + event.runId()
								+ " into a Celesto item (" + describe(ex) + "); it is not sent",
						null);
			}
		}
		return items;
	}

	private void oversize(int bytes) {
		this.rateLimitedLog.warn("oversize", () -> "A Celesto trace item of " + bytes
				+ " bytes does not fit in a request of at most " + this.maxRequestBytes + " bytes; it is not sent",
				null);
	}

	private void send(Body body) throws CelestoExportException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("Authorization", this.authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
			.build();
		Backoff backoff = new Backoff(this.initialBackoff, this.maxBackoff);
		for (int attempt = 1;; attempt++) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("Celesto export interrupted");
			}
			Answer answer = attempt(request);
			if (answer.delivered()) {
				return;
			}
			if (!answer.retryable()) {
				throw refused(body, answer);
			}
			if (attempt >= this.maxAttempts) {
				throw new CelestoExportException("Celesto did not take " + body.items() + " trace items in "
						+ this.maxAttempts + " attempts; last: " + answer.describe(), Math.max(answer.status(), -1),
						true);
			}
			Duration delay = backoff.next(answer.retryAfter());
			if (logger.isDebugEnabled()) {
				logger.debug("Celesto attempt {} of {} failed ({}); retrying in {} ms", attempt, this.maxAttempts,
						answer.describe(), delay.toMillis());
			}
			TimeUnit.NANOSECONDS.sleep(delay.toNanos());
		}
	}

	/**
	 * Logs a refusal once per status and interval, and makes the exception that counts
	 * the batch as failed.
	 */
	private CelestoExportException refused(Body body, Answer answer) {
		int status = answer.status();
		if (status <= 0) {
			String detail = answer.detail();
			this.rateLimitedLog.warn("unsent",
					() -> "Could not send " + body.items() + " trace items to Celesto: " + detail, null);
			return new CelestoExportException("Could not send " + body.items() + " trace items to Celesto: " + detail,
					-1, false);
		}
		String excerpt = excerpt(answer.detail());
		this.rateLimitedLog.warn("status:" + status, () -> "Celesto refused " + body.items() + " trace items with HTTP "
				+ status + " (not retried): " + excerpt, null);
		return new CelestoExportException(
				"Celesto refused " + body.items() + " trace items with HTTP " + status + "; not retried", status,
				false);
	}

	private Answer attempt(HttpRequest request) throws InterruptedException {
		CompletableFuture<HttpResponse<String>> future = this.client.sendAsync(request, BodyHandlers.ofString());
		try {
			HttpResponse<String> response = future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			Duration retryAfter = Backoff.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
					Instant.now());
			return new Answer(response.statusCode(), response.body(), retryAfter);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			throw ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			return new Answer(-1, "no answer within " + this.timeout.toMillis() + " ms", null);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof IOException) {
				// no connection, connection reset, request timed out: worth another
				// attempt
				return new Answer(-1, describe(cause), null);
			}
			return new Answer(0, describe(cause), null);
		}
	}

	/** The first characters of an answer, on one line and without the token. */
	private String excerpt(String text) {
		String start = (text.length() > LOGGED_BODY_CHARS) ? text.substring(0, LOGGED_BODY_CHARS) + "..." : text;
		return mask(start.replaceAll("[\\p{Cntrl}]", " "));
	}

	private String describe(Throwable ex) {
		String message = ex.getMessage();
		return mask(ex.getClass().getName() + ((message != null) ? ": " + message : ""));
	}

	/** The text with the token, should anything have echoed it, replaced. */
	private String mask(String text) {
		return text.replace(this.token, CelestoPayload.REDACTED);
	}

	private static void shutdownClient(HttpClient client) {
		// Java 21 made HttpClient AutoCloseable; before it the client's daemon threads
		// end once it is unreachable
		if (client instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Could not shut the Celesto HTTP client down: {}", ex.toString());
			}
		}
	}

	@Override
	public String toString() {
		return "CelestoExporter[endpoint=" + this.endpoint + ", token=****, maxBatchSize=" + this.maxBatchSize
				+ ", batchDelay=" + this.batchDelay + "]";
	}

	/**
	 * What one attempt got: a status (-1 when there was no answer, 0 when the request
	 * could not be made), the answer's body or the failure, and the server's Retry-After.
	 */
	private record Answer(int status, String detail, @Nullable Duration retryAfter) {

		boolean delivered() {
			return this.status >= 200 && this.status < 300;
		}

		boolean retryable() {
			return this.status == -1 || this.status == 408 || this.status == 429 || this.status >= 500;
		}

		String describe() {
			return (this.status > 0) ? "HTTP " + this.status : this.detail;
		}

	}

	/**
	 * Assembles a {@link CelestoExporter}. Only the token is required.
	 *
	 * <pre>{@code
	 * CelestoExporter exporter = CelestoExporter.builder()
	 *     .baseUrl(URI.create("https://celesto.internal.example/v1"))
	 *     .token(apiKey)
	 *     .batchDelay(Duration.ofSeconds(2))
	 *     .maxBatchSize(512)
	 *     .build();
	 * }</pre>
	 */
	public static final class Builder {

		private URI endpoint = DEFAULT_ENDPOINT;

		private @Nullable String token;

		private Duration batchDelay = Duration.ofSeconds(1);

		private int maxBatchSize = 256;

		private Duration timeout = Duration.ofSeconds(10);

		private int maxAttempts = 5;

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private int maxRequestBytes = 1024 * 1024;

		private int maxFieldBytes = 100_000;

		private @Nullable SpoolSettings spool;

		Builder() {
		}

		/** The ingest URL (default {@code https://api.celesto.ai/v1/traces/ingest}). */
		public Builder endpoint(URI endpoint) {
			Objects.requireNonNull(endpoint, "endpoint");
			String scheme = endpoint.getScheme();
			if (!endpoint.isAbsolute() || endpoint.getHost() == null
					|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
				throw new IllegalArgumentException(
						"endpoint must be an absolute http or https URL but was " + endpoint);
			}
			this.endpoint = endpoint;
			return this;
		}

		/**
		 * The ingest URL under an API base URL, as {@code CELESTO_BASE_URL} gives it: the
		 * base followed by {@code /traces/ingest}.
		 * @throws IllegalArgumentException if the base is no absolute http or https URL
		 * with a host, or has a query or fragment
		 */
		public Builder baseUrl(URI baseUrl) {
			Objects.requireNonNull(baseUrl, "baseUrl");
			if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
				throw new IllegalArgumentException("baseUrl must have no query or fragment but was " + baseUrl);
			}
			String base = baseUrl.toString();
			while (base.endsWith("/")) {
				base = base.substring(0, base.length() - 1);
			}
			return endpoint(URI.create(base + "/traces/ingest"));
		}

		/** The API key, sent as {@code Authorization: Bearer <token>}; required. */
		public Builder token(String token) {
			Objects.requireNonNull(token, "token");
			if (token.isBlank()) {
				throw new IllegalArgumentException("token must not be blank");
			}
			for (int i = 0; i < token.length(); i++) {
				char c = token.charAt(i);
				if (c <= 0x20 || c >= 0x7f) {
					throw new IllegalArgumentException(
							"token must be printable ASCII without spaces; the character at index " + i + " is not");
				}
			}
			this.token = token;
			return this;
		}

		/** The longest a partial batch waits before it is sent (default 1 s). */
		public Builder batchDelay(Duration batchDelay) {
			this.batchDelay = positive(batchDelay, "batchDelay");
			return this;
		}

		/** The most items in one request (default 256). */
		public Builder maxBatchSize(int maxBatchSize) {
			this.maxBatchSize = atLeast(maxBatchSize, 1, "maxBatchSize");
			return this;
		}

		/**
		 * The longest one attempt at a request may take, connecting included (default 10
		 * s).
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = positive(timeout, "timeout");
			return this;
		}

		/** The most attempts at one request, the first included (default 5). */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = atLeast(maxAttempts, 1, "maxAttempts");
			return this;
		}

		/**
		 * The delay before the second attempt, doubled before each further one (default 1
		 * s).
		 */
		public Builder initialBackoff(Duration initialBackoff) {
			Objects.requireNonNull(initialBackoff, "initialBackoff");
			if (initialBackoff.isNegative()) {
				throw new IllegalArgumentException("initialBackoff must not be negative but was " + initialBackoff);
			}
			this.initialBackoff = initialBackoff;
			return this;
		}

		/**
		 * The longest delay between two attempts, a server's {@code Retry-After} included
		 * (default 30 s).
		 */
		public Builder maxBackoff(Duration maxBackoff) {
			Objects.requireNonNull(maxBackoff, "maxBackoff");
			if (maxBackoff.isNegative()) {
				throw new IllegalArgumentException("maxBackoff must not be negative but was " + maxBackoff);
			}
			this.maxBackoff = maxBackoff;
			return this;
		}

		/** The most bytes of one request body, at least 1024 (default 1 MiB). */
		public Builder maxRequestBytes(int maxRequestBytes) {
			this.maxRequestBytes = atLeast(maxRequestBytes, 1024, "maxRequestBytes");
			return this;
		}

		/**
		 * The most bytes the JSON of one {@code input} or {@code output} may take, at
		 * least 64 (default 100,000, above which the ingest refuses a request).
		 */
		public Builder maxFieldBytes(int maxFieldBytes) {
			this.maxFieldBytes = atLeast(maxFieldBytes, 64, "maxFieldBytes");
			return this;
		}

		/**
		 * Where batches that Celesto cannot take now wait on disk, to be sent later by
		 * this process or the next one with the same directory (default none: such a
		 * batch is counted as failed and forgotten): <pre>{@code
		 * builder.spool(SpoolSettings.of(Path.of("traces/.spool/celesto")))
		 * }</pre>
		 * @param spool the spool's settings, or {@code null} for none
		 * @return this builder
		 */
		public Builder spool(@Nullable SpoolSettings spool) {
			this.spool = spool;
			return this;
		}

		/**
		 * Builds the exporter.
		 * @throws IllegalStateException if no token was set, or the backoffs or sizes
		 * contradict each other
		 */
		public CelestoExporter build() {
			String token = this.token;
			if (token == null) {
				throw new IllegalStateException("a Celesto API token is required");
			}
			if (this.maxBackoff.compareTo(this.initialBackoff) < 0) {
				throw new IllegalStateException("maxBackoff " + this.maxBackoff
						+ " must not be shorter than initialBackoff " + this.initialBackoff);
			}
			if (this.maxFieldBytes > this.maxRequestBytes - RequestBodies.OVERHEAD) {
				throw new IllegalStateException("maxFieldBytes " + this.maxFieldBytes
						+ " must leave room in a request of maxRequestBytes " + this.maxRequestBytes);
			}
			return new CelestoExporter(this, token);
		}

		private static Duration positive(Duration value, String name) {
			Objects.requireNonNull(value, name);
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive but was " + value);
			}
			return value;
		}

		private static int atLeast(int value, int min, String name) {
			if (value < min) {
				throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
			}
			return value;
		}

	}

}
