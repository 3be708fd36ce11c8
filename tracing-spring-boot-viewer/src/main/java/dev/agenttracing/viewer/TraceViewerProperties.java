package dev.agenttracing.viewer;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties of the trace viewer ({@code tracing.viewer.*}). The viewer
 * shows captured content (inputs, outputs, tool arguments and results), so it is off by
 * default.
 *
 * <pre>{@code
 * tracing.viewer.enabled=true
 * tracing.viewer.path=/agent-traces
 * tracing.viewer.role=TRACE_VIEWER
 * tracing.viewer.max-index-size=64MB
 * }</pre>
 */
@ConfigurationProperties("tracing.viewer")
public class TraceViewerProperties implements InitializingBean {

	private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

	private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.-]+");

	/**
	 * Whether to serve the trace viewer page and its JSON API in a servlet web
	 * application.
	 */
	private boolean enabled;

	/**
	 * Path of the viewer page; its JSON API is served under this path followed by /api.
	 */
	private String path = "/agent-traces";

	/** Role a user needs to open the viewer when Spring Security is on the class path. */
	private String role = "TRACE_VIEWER";

	/** How often the page refreshes the sessions, the runs and a run in progress. */
	private Duration refreshInterval = Duration.ofSeconds(2);

	/**
	 * Whether to answer requests from other hosts than this one when Spring Security does
	 * not guard the viewer; without it only a loopback Host and remote address get in.
	 */
	private boolean allowRemote;

	/**
	 * How many sessions' indexes are kept in memory; a page of sessions shows at most as
	 * many.
	 */
	private int cachedSessions = 64;

	/**
	 * How many of a session's newest runs are kept indexed; older runs are counted and
	 * read again from the file when a page or a request asks for them.
	 */
	private int maxIndexedRunsPerSession = 10_000;

	/**
	 * Memory the kept indexes may take together, as estimated; the least recently used
	 * sessions, then a session's oldest runs, are dropped beyond it.
	 */
	private DataSize maxIndexSize = DataSize.ofMegabytes(64);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public boolean isAllowRemote() {
		return this.allowRemote;
	}

	public void setAllowRemote(boolean allowRemote) {
		this.allowRemote = allowRemote;
	}

	public int getCachedSessions() {
		return this.cachedSessions;
	}

	public void setCachedSessions(int cachedSessions) {
		this.cachedSessions = cachedSessions;
	}

	public int getMaxIndexedRunsPerSession() {
		return this.maxIndexedRunsPerSession;
	}

	public void setMaxIndexedRunsPerSession(int maxIndexedRunsPerSession) {
		this.maxIndexedRunsPerSession = maxIndexedRunsPerSession;
	}

	public DataSize getMaxIndexSize() {
		return this.maxIndexSize;
	}

	public void setMaxIndexSize(DataSize maxIndexSize) {
		this.maxIndexSize = maxIndexSize;
	}

	/**
	 * Checks every value.
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	@Override
	public void afterPropertiesSet() {
		if (this.path == null || !PATH.matcher(this.path).matches()) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.path", this.path,
					"must start with / and have segments of A-Z a-z 0-9 . _ ~ - that do not start with a dot, "
							+ "without a trailing /, such as /agent-traces");
		}
		if (this.role == null || !ROLE.matcher(this.role).matches()) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.role", this.role,
					"must be a role name of A-Z a-z 0-9 _ . -, such as TRACE_VIEWER");
		}
		if (this.refreshInterval == null || this.refreshInterval.toMillis() < 100) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.refresh-interval",
					this.refreshInterval, "must be at least 100ms, such as 2s");
		}
		if (this.cachedSessions < 1 || this.cachedSessions > 1_000) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.cached-sessions", this.cachedSessions,
					"must be between 1 and 1000, such as 64");
		}
		if (this.maxIndexedRunsPerSession < 10 || this.maxIndexedRunsPerSession > 1_000_000) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.max-indexed-runs-per-session",
					this.maxIndexedRunsPerSession, "must be between 10 and 1000000, such as 10000");
		}
		if (this.maxIndexSize == null || this.maxIndexSize.toMegabytes() < 1 || this.maxIndexSize.toGigabytes() > 64) {
			throw new InvalidConfigurationPropertyValueException("tracing.viewer.max-index-size", this.maxIndexSize,
					"must be between 1MB and 64GB, such as 64MB");
		}
	}

}
