package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.autoconfigure.TracingProperties.Checks;
import dev.agenttracing.export.SpoolSettings;
import dev.agenttracing.export.celesto.CelestoExporter;

/**
 * Configuration properties for sending traces to Celesto ({@code celesto.*}). The
 * environment variables {@code CELESTO_API_KEY}, {@code CELESTO_DISABLE_AUTO_TRACING} and
 * {@code CELESTO_BASE_URL} set the matching properties unless they are set explicitly
 * (see {@link CelestoEnvironmentPostProcessor}). The API key never appears in
 * {@link #toString()}.
 */
@ConfigurationProperties("celesto")
public class CelestoProperties implements InitializingBean {

	/** Default base URL of the Celesto API. */
	public static final String DEFAULT_BASE_URL = "https://api.celesto.ai/v1";

	/**
	 * API key that authenticates trace uploads; setting it sends traces to Celesto
	 * (CELESTO_API_KEY).
	 */
	private @Nullable String apiKey;

	/**
	 * Whether to not send traces to Celesto automatically even when an API key is set
	 * (CELESTO_DISABLE_AUTO_TRACING).
	 */
	private boolean disableAutoTracing;

	/**
	 * Base URL of the Celesto API; traces are posted to {base-url}/traces/ingest
	 * (CELESTO_BASE_URL).
	 */
	private String baseUrl = DEFAULT_BASE_URL;

	/** Longest time a span waits before its batch is sent. */
	private Duration batchDelay = Duration.ofSeconds(1);

	/** Number of traces and spans sent in one request at most. */
	private int maxBatchSize = 256;

	/** Timeout of each request to Celesto. */
	private Duration timeout = Duration.ofSeconds(10);

	private final Spool spool = new Spool();

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = StringUtils.hasText(apiKey) ? apiKey.trim() : null;
	}

	public boolean isDisableAutoTracing() {
		return this.disableAutoTracing;
	}

	public void setDisableAutoTracing(boolean disableAutoTracing) {
		this.disableAutoTracing = disableAutoTracing;
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Duration getBatchDelay() {
		return this.batchDelay;
	}

	public void setBatchDelay(Duration batchDelay) {
		this.batchDelay = batchDelay;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Spool getSpool() {
		return this.spool;
	}

	/**
	 * Checks every value, by handing it to the {@link CelestoExporter.Builder} method
	 * that checks it.
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	@Override
	public void afterPropertiesSet() {
		checkApiKey(this.apiKey);
		CelestoExporter.Builder builder = CelestoExporter.builder();
		checkBaseUrl(this.baseUrl, builder);
		Checks.check("celesto.batch-delay", this.batchDelay, Checks.POSITIVE_DURATION, builder::batchDelay);
		Checks.check("celesto.max-batch-size", this.maxBatchSize, Checks.atLeast(1), builder::maxBatchSize);
		Checks.check("celesto.timeout", this.timeout, Checks.POSITIVE_DURATION, builder::timeout);
		SpoolSettings spool = SpoolSettings.of(Path.of("spool"));
		Checks.check("celesto.spool.max-size", this.spool.maxSize, "must be at least 1KB, such as 100MB",
				(size) -> spool.withMaxBytes(size.toBytes()));
		Checks.check("celesto.spool.max-retry-interval", this.spool.maxRetryInterval,
				"must be " + SpoolSettings.MIN_RETRY_INTERVAL.toMillis() + "ms to 1h, such as 30s",
				spool::withMaxRetryInterval);
		if (this.spool.dir != null && this.spool.dir.toString().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("celesto.spool.dir", this.spool.dir,
					"must be a directory path, such as ./traces/.spool/celesto, or left unset");
		}
	}

	/**
	 * The spool settings these properties describe, or {@code null} when the spool is
	 * off.
	 * @param traceDir the JSONL trace directory, under which the spool lives unless
	 * {@code celesto.spool.dir} is set
	 */
	@Nullable SpoolSettings spoolSettings(@Nullable Path traceDir) {
		if (!this.spool.enabled) {
			return null;
		}
		Path dir = (this.spool.dir != null) ? this.spool.dir
				: ((traceDir != null) ? traceDir : Path.of("./traces")).resolve(".spool").resolve("celesto");
		return new SpoolSettings(dir, this.spool.maxSize.toBytes(), this.spool.maxRetryInterval);
	}

	/**
	 * A builder of the exporter these properties describe; the caller sets nothing more
	 * than the token, which {@link #getApiKey()} gives.
	 */
	CelestoExporter.Builder exporterBuilder() {
		CelestoExporter.Builder builder = CelestoExporter.builder()
			.baseUrl(URI.create(this.baseUrl))
			.batchDelay(this.batchDelay)
			.maxBatchSize(this.maxBatchSize)
			.timeout(this.timeout);
		return (this.apiKey != null) ? builder.token(this.apiKey) : builder;
	}

	/**
	 * An unresolved placeholder such as {@code ${CELESTO_API_KEY}} is no key; the value
	 * itself is never shown.
	 */
	private static void checkApiKey(@Nullable String apiKey) {
		if (apiKey != null && apiKey.contains("${")) {
			throw new InvalidConfigurationPropertyValueException("celesto.api-key", "(an unresolved placeholder)",
					"must be an API key; a placeholder such as ${CELESTO_API_KEY} was not resolved: set the variable, "
							+ "or give the placeholder a default (${CELESTO_API_KEY:})");
		}
	}

	private static void checkBaseUrl(@Nullable String baseUrl, CelestoExporter.Builder builder) {
		String reason = "must be an http:// or https:// URL with a host, such as " + DEFAULT_BASE_URL;
		try {
			builder.baseUrl(URI.create(Objects.requireNonNull(baseUrl)));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException("celesto.base-url", baseUrl,
					(ex.getCause() instanceof URISyntaxException syntax) ? reason + " (" + syntax.getReason() + ")"
							: reason);
		}
	}

	@Override
	public String toString() {
		return "CelestoProperties[apiKey=" + (StringUtils.hasText(this.apiKey) ? "(set)" : "(not set)")
				+ ", disableAutoTracing=" + this.disableAutoTracing + ", baseUrl=" + this.baseUrl + ", batchDelay="
				+ this.batchDelay + ", maxBatchSize=" + this.maxBatchSize + ", timeout=" + this.timeout + "]";
	}

	/**
	 * The disk spool: batches Celesto cannot take now (still unavailable after the last
	 * attempt, or still queued when the shutdown timeout runs out) wait there and are
	 * sent later, also by the next start.
	 */
	public static class Spool {

		/**
		 * Whether to keep batches that Celesto cannot take now on disk and send them
		 * later.
		 */
		private boolean enabled = true;

		/**
		 * Directory of the spool files, created readable by its owner only; by default
		 * .spool/celesto under tracing.jsonl.dir.
		 */
		private @Nullable Path dir;

		/** Most disk space the spool takes; beyond it the oldest batches are dropped. */
		private DataSize maxSize = DataSize.ofMegabytes(100);

		/** Longest wait between two attempts at the oldest spooled batch, 10ms to 1h. */
		private Duration maxRetryInterval = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getDir() {
			return this.dir;
		}

		public void setDir(@Nullable Path dir) {
			this.dir = dir;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getMaxRetryInterval() {
			return this.maxRetryInterval;
		}

		public void setMaxRetryInterval(Duration maxRetryInterval) {
			this.maxRetryInterval = maxRetryInterval;
		}

	}

}
