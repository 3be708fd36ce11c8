package dev.agenttracing.viewer;

import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.agenttracing.autoconfigure.TracingAutoConfiguration;
import dev.agenttracing.export.jsonl.JsonlExporter;

/**
 * Auto-configuration of the trace viewer: when {@code tracing.viewer.enabled=true} in a
 * servlet web application with Spring MVC, {@code GET /agent-traces}
 * ({@code tracing.viewer.path}) serves a page of the JSONL trace files (sessions, runs
 * and a waterfall of their tool and model calls) and {@code /agent-traces/api/...} the
 * read-only JSON API behind it. The files are read from the {@link JsonlExporter}'s
 * directory, else from {@code tracing.jsonl.dir}. With Spring Security on the class path,
 * only an authenticated user with the role {@code tracing.viewer.role} gets in; without
 * it, only requests from this machine to a loopback host name
 * ({@code tracing.viewer.allow-remote=true} lets others in). Each bean backs off from one
 * of the application's: a {@link TraceDirectory} (another directory), a
 * {@link ViewerAccess} (another check) or a bean named {@code traceViewerRoutes}.
 *
 * <pre>{@code
 * tracing.viewer.enabled=true
 * spring.security.user.roles=TRACE_VIEWER   # or give your users the role
 * }</pre>
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnBooleanProperty("tracing.viewer.enabled")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@EnableConfigurationProperties(TraceViewerProperties.class)
public final class TraceViewerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TraceViewerAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	TraceDirectory traceViewerDirectory(TraceViewerProperties properties, ObjectProvider<JsonlExporter> exporter,
			Environment environment) {
		JsonlExporter jsonl = exporter.getIfUnique();
		Path dir = (jsonl != null) ? jsonl.traceDir()
				: Binder.get(environment).bind("tracing.jsonl.dir", Path.class).orElse(Path.of("./traces"));
		return new TraceDirectory(dir, properties.getCachedSessions(), properties.getMaxIndexedRunsPerSession(),
				properties.getMaxIndexSize().toBytes());
	}

	/**
	 * By name: the application's own router functions are no reason to leave the viewer
	 * out.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "traceViewerRoutes")
	RouterFunction<ServerResponse> traceViewerRoutes(TraceViewerProperties properties, TraceDirectory traces,
			ObjectProvider<ViewerAccess> access, Environment environment) {
		ViewerAccess check = access.getIfAvailable(() -> ViewerAccess.OPEN);
		String guard = (check == ViewerAccess.OPEN) ? "open to every request"
				: (check instanceof SpringSecurityViewerAccess) ? "role " + properties.getRole()
						: "checked by the application's ViewerAccess";
		if (!(check instanceof SpringSecurityViewerAccess)) {
			if (properties.isAllowRemote()) {
				logger.warn("Trace viewer at " + properties.getPath() + " answers requests from other machines and "
						+ "to any host name (tracing.viewer.allow-remote=true) without Spring Security: it shows "
						+ "captured content (" + guard + ")");
			}
			else {
				check = new LoopbackViewerAccess(check);
				guard = guard + ", from and to this machine only: it shows captured content";
			}
		}
		logger.info("Trace viewer at " + properties.getPath() + " for " + traces.dir() + " (" + guard + ")");
		return new TraceViewerHandler(traces, properties.getPath(), properties.getRefreshInterval().toMillis(), check,
				environment.getProperty("tracing.pricing.currency", "USD"))
			.routes();
	}

	/**
	 * With Spring Security: only an authenticated user with {@code tracing.viewer.role}
	 * sees the viewer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
	static class ViewerSecurityConfiguration {

		/**
		 * The bean that {@code @EnableWebSecurity} (and Spring Boot's security
		 * auto-configuration) defines.
		 */
		private static final String FILTER_CHAIN = "springSecurityFilterChain";

		@Bean
		@ConditionalOnMissingBean
		ViewerAccess traceViewerAccess(TraceViewerProperties properties, ListableBeanFactory beans) {
			return new SpringSecurityViewerAccess(properties.getRole(), beans.containsBean(FILTER_CHAIN));
		}

	}

}
