package dev.agenttracing.viewer;

import java.time.Duration;
import java.util.regex.Pattern;

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
	}

}
