package dev.agenttracing.autoconfigure;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ContentPolicy;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExportChannel;
import dev.agenttracing.export.TraceEventFilter;

/**
 * Configuration properties for agent tracing ({@code tracing.*}). Invalid values fail
 * start-up with an {@link InvalidConfigurationPropertyValueException} that names the
 * property and what it allows.
 */
@ConfigurationProperties("tracing")
public class TracingProperties implements InitializingBean {

	/**
	 * Whether to trace agent runs and tool calls; false creates no tracing beans at all.
	 */
	private boolean enabled = true;

	/**
	 * Number of events per export call of exporters without batching of their own; 1
	 * exports every event at once. Set, it also gives the JSONL files fixed batches
	 * instead of everything queued (up to 512) per write.
	 */
	private int batchSize = 1;

	/** Whether batch-size was set, rather than left at its default. */
	private boolean batchSizeSet;

	/**
	 * Longest time a partial batch waits before it is exported, for exporters with fixed
	 * batches of batch-size; a plain number means milliseconds.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration flushInterval = Duration.ofSeconds(5);

	/**
	 * Number of events each exporter's queue holds; events that arrive when it is full
	 * are dropped.
	 */
	private int queueCapacity = 8192;

	/** Longest time closing the application waits for queued events to be exported. */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * Whether to capture content: run inputs and outputs, tool arguments and results,
	 * streamed text.
	 */
	private boolean captureContent = true;

	/**
	 * Number of characters a captured field keeps; a longer one is cut with a visible
	 * marker.
	 */
	private int maxFieldLength = 100_000;

	private final Jsonl jsonl = new Jsonl();

	private final EventFilter eventFilter = new EventFilter();

	private final Redaction redaction = new Redaction();

	private final Observations observations = new Observations();

	private final SpringAi springAi = new SpringAi();

	private final Pricing pricing = new Pricing();

	private final LangChain4j langchain4j = new LangChain4j();

	private final Mcp mcp = new Mcp();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
		this.batchSizeSet = true;
	}

	/**
	 * Whether {@code tracing.batch-size} was set: then it is the JSONL exporter's fixed
	 * batch size too.
	 */
	boolean batchSizeIsSet() {
		return this.batchSizeSet;
	}

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isCaptureContent() {
		return this.captureContent;
	}

	public void setCaptureContent(boolean captureContent) {
		this.captureContent = captureContent;
	}

	public int getMaxFieldLength() {
		return this.maxFieldLength;
	}

	public void setMaxFieldLength(int maxFieldLength) {
		this.maxFieldLength = maxFieldLength;
	}

	public Jsonl getJsonl() {
		return this.jsonl;
	}

	public EventFilter getEventFilter() {
		return this.eventFilter;
	}

	public Redaction getRedaction() {
		return this.redaction;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Pricing getPricing() {
		return this.pricing;
	}

	public SpringAi getSpringAi() {
		return this.springAi;
	}

	public Mcp getMcp() {
		return this.mcp;
	}

	public LangChain4j getLangchain4j() {
		return this.langchain4j;
	}

	/**
	 * Checks every value.
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	@Override
	public void afterPropertiesSet() {
		// the core builders check the values; here a failure only gets the property's
		// name and hint
		AgentTracer.Builder tracer = AgentTracer.builder();
		Checks.check("tracing.batch-size", this.batchSize, Checks.atLeast(1), tracer::batchSize);
		Checks.check("tracing.flush-interval", this.flushInterval, Checks.POSITIVE_DURATION, tracer::flushInterval);
		Checks.check("tracing.queue-capacity", this.queueCapacity, Checks.between(1, ExportChannel.MAX_CAPACITY),
				tracer::queueCapacity);
		Checks.check("tracing.shutdown-timeout", this.shutdownTimeout, Checks.NOT_NEGATIVE_DURATION,
				tracer::shutdownTimeout);
		Checks.check("tracing.max-field-length", this.maxFieldLength, Checks.atLeast(16),
				ContentPolicy.defaults()::withMaxFieldLength);
		if (this.jsonl.dir == null || this.jsonl.dir.toString().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("tracing.jsonl.dir", this.jsonl.dir,
					"must be a directory path, such as ./traces");
		}
		Retention retention = this.jsonl.retention;
		if (retention.maxAge != null && (retention.maxAge.isNegative() || retention.maxAge.isZero())) {
			throw new InvalidConfigurationPropertyValueException("tracing.jsonl.retention.max-age", retention.maxAge,
					"must be a positive duration, such as 14d, or left unset");
		}
		if (retention.maxTotalSize != null && retention.maxTotalSize.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("tracing.jsonl.retention.max-total-size",
					retention.maxTotalSize, "must be a size of zero or more, such as 500MB, or left unset");
		}
		if (retention.interval == null || retention.interval.isNegative() || retention.interval.isZero()) {
			throw new InvalidConfigurationPropertyValueException("tracing.jsonl.retention.interval", retention.interval,
					"must be a positive duration, such as 1m");
		}
		Checks.eventNames("tracing.event-filter.include", this.eventFilter.include, true);
		Checks.eventNames("tracing.event-filter.exclude", this.eventFilter.exclude, false);
		for (int i = 0; i < this.redaction.literals.size(); i++) {
			String literal = this.redaction.literals.get(i);
			if (literal == null || literal.length() < ContentPolicy.MIN_LITERAL_LENGTH) {
				// the value is a secret: the failure never shows it
				throw new InvalidConfigurationPropertyValueException("tracing.redaction.literals[" + i + "]",
						"(hidden)", "must have at least " + ContentPolicy.MIN_LITERAL_LENGTH + " characters");
			}
		}
		if (this.pricing.currency == null || !this.pricing.currency.matches("[A-Za-z]{3}")) {
			throw new InvalidConfigurationPropertyValueException("tracing.pricing.currency", this.pricing.currency,
					"must be a three-letter currency code, such as USD or EUR");
		}
		this.pricing.models.forEach((model, price) -> {
			checkPrice("tracing.pricing.models." + model + ".input", price.input);
			checkPrice("tracing.pricing.models." + model + ".output", price.output);
		});
		for (String pattern : this.redaction.patterns) {
			try {
				ContentPolicy.defaults().withExtraRedactionPatterns(List.of(pattern));
			}
			catch (IllegalArgumentException ex) {
				String description = (ex.getCause() instanceof PatternSyntaxException syntax) ? syntax.getDescription()
						: ex.getMessage();
				throw new InvalidConfigurationPropertyValueException("tracing.redaction.patterns", pattern,
						"must be a valid regular expression (" + description + ")");
			}
		}
	}

	private static void checkPrice(String property, @Nullable BigDecimal price) {
		if (price == null || price.signum() < 0 || price.compareTo(BigDecimal.valueOf(1_000_000_000)) >= 0) {
			throw new InvalidConfigurationPropertyValueException(property, price,
					"must be a price per million tokens of 0 or more (and below a billion), such as 0.15");
		}
	}

	/** Spring AI: its model and tool calls inside traced runs. */
	public static class SpringAi {

		/**
		 * Whether to record Spring AI's ChatClient model calls, tool calls and streamed
		 * content in traced runs.
		 */
		private boolean enabled = true;

		/**
		 * Whether a ChatClient call made outside any run is recorded as a run of its own.
		 */
		private boolean autoRuns = true;

		/**
		 * Agent name of the runs ChatClient calls outside any run make, by default the
		 * application's name.
		 */
		private String agentName = "${spring.application.name:Spring AI Agent}";

		/**
		 * Whether to keep Spring AI's own chat model, tool and model-call advisor spans
		 * beside the spans of traced runs, which then show each call twice.
		 */
		private boolean keepSpringAiSpans;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAutoRuns() {
			return this.autoRuns;
		}

		public void setAutoRuns(boolean autoRuns) {
			this.autoRuns = autoRuns;
		}

		public String getAgentName() {
			return this.agentName;
		}

		public void setAgentName(String agentName) {
			this.agentName = agentName;
		}

		public boolean isKeepSpringAiSpans() {
			return this.keepSpringAiSpans;
		}

		public void setKeepSpringAiSpans(boolean keepSpringAiSpans) {
			this.keepSpringAiSpans = keepSpringAiSpans;
		}

	}

	/** LangChain4j: its AI services, their model calls and tools. */
	public static class LangChain4j {

		/**
		 * Whether to record LangChain4j AI service calls as runs, with their model calls,
		 * tool calls and streamed content.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The Model Context Protocol: tool calls to MCP servers and tools an MCP server
	 * serves.
	 */
	public static class Mcp {

		/**
		 * Whether to record what the Model Context Protocol tells of a tool call (its MCP
		 * attributes) and to carry traces across it.
		 */
		private boolean enabled = true;

		/**
		 * Whether an MCP client sends the trace in a tool call's params._meta
		 * (traceparent and the run's ids) and an MCP server continues the trace it
		 * receives.
		 */
		private boolean propagation = true;

		/** Whether each tool call an MCP server handles is a run of its own. */
		private boolean serverRuns = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isPropagation() {
			return this.propagation;
		}

		public void setPropagation(boolean propagation) {
			this.propagation = propagation;
		}

		public boolean isServerRuns() {
			return this.serverRuns;
		}

		public void setServerRuns(boolean serverRuns) {
			this.serverRuns = serverRuns;
		}

	}

	/** JSONL files, one per session. */
	public static class Jsonl {

		/** Whether to write events to JSONL files, one per session. */
		private boolean enabled = true;

		/** Directory of the JSONL files, created when missing. */
		private @Nullable Path dir = Path.of("./traces");

		/**
		 * Whether each exported batch is in its files at once (one append per file and
		 * batch) rather than buffered until the queue has been idle.
		 */
		private boolean flushEach = true;

		/** Whether to also print each line to standard output. */
		private boolean mirrorStdout;

		private final Retention retention = new Retention();

		public Retention getRetention() {
			return this.retention;
		}

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

		public boolean isFlushEach() {
			return this.flushEach;
		}

		public void setFlushEach(boolean flushEach) {
			this.flushEach = flushEach;
		}

		public boolean isMirrorStdout() {
			return this.mirrorStdout;
		}

		public void setMirrorStdout(boolean mirrorStdout) {
			this.mirrorStdout = mirrorStdout;
		}

	}

	/**
	 * Deletion of old JSONL files, whole files, oldest last-modified first; off unless a
	 * limit is set. A file modified in the last minute or open for writing is never
	 * deleted.
	 */
	public static class Retention {

		/**
		 * Oldest a session file may get before it is deleted; unset keeps files forever.
		 */
		private @Nullable Duration maxAge;

		/**
		 * Most disk space all session files may take together; beyond it the oldest are
		 * deleted. Unset: no limit.
		 */
		private @Nullable DataSize maxTotalSize;

		/** Time between two checks of the limits. */
		private Duration interval = Duration.ofMinutes(1);

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxTotalSize() {
			return this.maxTotalSize;
		}

		public void setMaxTotalSize(@Nullable DataSize maxTotalSize) {
			this.maxTotalSize = maxTotalSize;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Which events are exported, by name; user {@code TraceEventFilter} beans apply as
	 * well.
	 */
	public static class EventFilter {

		/**
		 * Names of the events to export, such as RunStarted or ToolCallCompleted; empty
		 * exports all.
		 */
		private List<String> include = new ArrayList<>();

		/** Names of the events not to export, such as RunContent. */
		private List<String> exclude = new ArrayList<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * Runs and tool calls as Micrometer observations: spans of the distributed trace and
	 * timers.
	 */
	public static class Observations {

		/**
		 * Whether to record runs and tool calls as observations when an
		 * ObservationRegistry exists.
		 */
		private boolean enabled = true;

		/**
		 * Whether to put captured content on spans (a run's input and output, a model
		 * call's messages, a tool's arguments and result), redacted and truncated like
		 * the files.
		 */
		private boolean includeContent;

		/**
		 * Whether to add the OpenInference keys (openinference.span.kind, session.id, and
		 * with content input.value and output.value) that Arize Phoenix and Langfuse
		 * read.
		 */
		private boolean openInference;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isIncludeContent() {
			return this.includeContent;
		}

		public void setIncludeContent(boolean includeContent) {
			this.includeContent = includeContent;
		}

		public boolean isOpenInference() {
			return this.openInference;
		}

		public void setOpenInference(boolean openInference) {
			this.openInference = openInference;
		}

	}

	/**
	 * What model calls cost: prices per million tokens by model name, which turn usage
	 * into a cost on model calls, runs and spans.
	 */
	public static class Pricing {

		/**
		 * Currency of the prices (and so of every cost), such as USD or EUR; shown with
		 * costs, never converted.
		 */
		private String currency = "USD";

		/**
		 * Prices per million tokens by model name, such as gpt-4o-mini: its input and
		 * output price. A model named with a version suffix (gpt-4o-mini-2024-07-18)
		 * takes the price of the longest name it starts with; a model without a price has
		 * no cost.
		 */
		private Map<String, ModelPrice> models = new LinkedHashMap<>();

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
		}

		public Map<String, ModelPrice> getModels() {
			return this.models;
		}

		public void setModels(Map<String, ModelPrice> models) {
			this.models = models;
		}

		/** The prices as a {@link ModelPricing}. */
		ModelPricing toModelPricing() {
			Map<String, ModelPricing.Price> prices = new LinkedHashMap<>();
			this.models.forEach((model, price) -> prices.put(model,
					new ModelPricing.Price(price.getInput().doubleValue(), price.getOutput().doubleValue())));
			return ModelPricing.perMillionTokens(prices);
		}

	}

	/** The price of a model's tokens. */
	public static class ModelPrice {

		/** Price of a million input tokens. */
		private BigDecimal input = BigDecimal.ZERO;

		/** Price of a million output tokens. */
		private BigDecimal output = BigDecimal.ZERO;

		public BigDecimal getInput() {
			return this.input;
		}

		public void setInput(BigDecimal input) {
			this.input = input;
		}

		public BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(BigDecimal output) {
			this.output = output;
		}

	}

	/** Replacement of secrets in captured content by [REDACTED]. */
	public static class Redaction {

		/**
		 * Whether to replace values that look like secrets, and values of keys such as
		 * password, by [REDACTED].
		 */
		private boolean enabled = true;

		/**
		 * Regular expressions of further secrets, besides the built-in ones (API keys,
		 * tokens, private keys).
		 */
		private List<String> patterns = new ArrayList<>();

		/**
		 * Exact secrets, of at least 4 characters each, replaced by [REDACTED] wherever
		 * they occur in what is captured, even with redaction disabled; celesto.api-key
		 * is one without being listed. Actuator shows them masked.
		 */
		private List<String> literals = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getPatterns() {
			return this.patterns;
		}

		public void setPatterns(List<String> patterns) {
			this.patterns = patterns;
		}

		public List<String> getLiterals() {
			return this.literals;
		}

		public void setLiterals(List<String> literals) {
			this.literals = literals;
		}

		@Override
		public String toString() {
			return "Redaction[enabled=" + this.enabled + ", patterns=" + this.patterns + ", literals="
					+ this.literals.size() + " hidden]";
		}

	}

	/**
	 * Turns a core builder's {@link IllegalArgumentException} into a failure that names
	 * the property: the builders hold the rules, the property classes only the hints
	 * shown to the user.
	 */
	static final class Checks {

		static final String POSITIVE_DURATION = "must be a positive duration, such as 5s, 500ms or 500 (milliseconds)";

		static final String NOT_NEGATIVE_DURATION = "must be a duration of zero or more, such as 5s or 500ms";

		private Checks() {
		}

		static String atLeast(int minimum) {
			return "must be at least " + minimum + " (allowed values: " + minimum + " or more)";
		}

		static String between(int minimum, int maximum) {
			return "must be " + minimum + " to " + maximum + " (allowed values: " + minimum + " to " + maximum + ")";
		}

		/**
		 * Hands the value to the builder method that checks it.
		 * @throws InvalidConfigurationPropertyValueException naming the property if the
		 * builder refused it
		 */
		static <T> void check(String name, @Nullable T value, String reason, Consumer<T> builderMethod) {
			try {
				if (value == null) {
					throw new IllegalArgumentException(name + " must not be null");
				}
				builderMethod.accept(value);
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new InvalidConfigurationPropertyValueException(name, value, reason);
			}
		}

		static void eventNames(String name, List<String> values, boolean include) {
			for (String value : values) {
				try {
					TraceEventFilter.byName(include ? List.of(value) : List.of(), include ? List.of() : List.of(value));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException(name, value,
							"unknown event name; allowed values: " + String.join(", ", TraceEvent.NAMES));
				}
			}
		}

	}

}
