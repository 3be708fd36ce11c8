package dev.agenttracing.viewer;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import dev.agenttracing.autoconfigure.TracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the viewer is there, and what it reads and checks: one test per condition. */
class TraceViewerAutoConfigurationTests {

	@TempDir
	Path traces;

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TraceViewerAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces);
	}

	@Test
	void isOffByDefault() {
		runner().run((context) -> assertThat(context).doesNotHaveBean("traceViewerRoutes")
			.doesNotHaveBean(TraceDirectory.class)
			.doesNotHaveBean(TraceViewerProperties.class));
	}

	@Test
	void servesTheViewerWhenEnabledInAServletWebApplication() {
		runner().withPropertyValues("tracing.viewer.enabled=true").run((context) -> {
			assertThat(context).hasBean("traceViewerRoutes").hasSingleBean(TraceDirectory.class);
			assertThat(context.getBean("traceViewerRoutes")).isInstanceOf(RouterFunction.class);
			TraceViewerProperties properties = context.getBean(TraceViewerProperties.class);
			assertThat(properties.getPath()).isEqualTo("/agent-traces");
			assertThat(properties.getRole()).isEqualTo("TRACE_VIEWER");
		});
	}

	@Test
	void readsTheDirectoryTheJsonlExporterWritesTo() {
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.run((context) -> assertThat(context.getBean(TraceDirectory.class).dir())
				.isEqualTo(this.traces.toAbsolutePath()));
	}

	@Test
	void readsTracingJsonlDirWhenThereIsNoJsonlExporter() {
		runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.enabled=false")
			.run((context) -> assertThat(context.getBean(TraceDirectory.class).dir())
				.isEqualTo(this.traces.toAbsolutePath()));
	}

	@Test
	void staysOffInAnApplicationThatIsNoWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TraceViewerAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces, "tracing.viewer.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean("traceViewerRoutes"));
	}

	@Test
	void staysOffInAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TracingAutoConfiguration.class, TraceViewerAutoConfiguration.class))
			.withPropertyValues("tracing.jsonl.dir=" + this.traces, "tracing.viewer.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean("traceViewerRoutes"));
	}

	@Test
	void staysOffWithoutSpringMvc() {
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean("traceViewerRoutes"));
	}

	@Test
	void requiresTheRoleWhenSpringSecurityIsOnTheClassPath() {
		runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer.role=AUDITOR")
			.run((context) -> assertThat(context).getBean(ViewerAccess.class)
				.isInstanceOf(SpringSecurityViewerAccess.class));
	}

	@Test
	void letsEveryRequestInWithoutSpringSecurity() {
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.run((context) -> assertThat(context).hasBean("traceViewerRoutes").doesNotHaveBean(ViewerAccess.class));
	}

	@Test
	void readsTheDirectoryOfTheApplicationsOwnTraceDirectory(@TempDir Path elsewhere) {
		TraceDirectory own = new TraceDirectory(elsewhere);
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withBean(TraceDirectory.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(TraceDirectory.class).hasBean("traceViewerRoutes");
				assertThat(context.getBean(TraceDirectory.class)).isSameAs(own);
				assertThat(context.getBean(TraceDirectory.class).dir()).isEqualTo(elsewhere.toAbsolutePath());
			});
	}

	@Test
	void backsOffFromTheApplicationsOwnTraceViewerRoutes() {
		RouterFunction<ServerResponse> own = RouterFunctions.route()
			.GET("/agent-traces", (request) -> ServerResponse.ok().body("my own viewer"))
			.build();
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withBean("traceViewerRoutes", RouterFunction.class, () -> own)
			.run((context) -> assertThat(context.getBean("traceViewerRoutes")).isSameAs(own));
	}

	@Test
	void keepsItsRoutesBesideTheApplicationsOtherRouterFunctions() {
		RouterFunction<ServerResponse> other = RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok().body("hello"))
			.build();
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withBean("helloRoutes", RouterFunction.class, () -> other)
			.run((context) -> assertThat(context).hasBean("traceViewerRoutes").hasBean("helloRoutes"));
	}

	@Test
	void backsOffFromTheApplicationsOwnViewerAccess() {
		ViewerAccess own = (request) -> {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "operators only");
		};
		runner().withPropertyValues("tracing.viewer.enabled=true")
			.withBean(ViewerAccess.class, () -> own)
			.run((context) -> assertThat(context).hasBean("traceViewerRoutes")
				.getBean(ViewerAccess.class)
				.isSameAs(own));
	}

	@Test
	void failsAtStartUpOnAPathThatIsNoPlainPath() {
		for (String path : new String[] { "agent-traces", "/agent-traces/", "/../traces", "/a/./b", "/", "/a b" }) {
			runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer.path=" + path)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("tracing.viewer.path"));
		}
	}

	@Test
	void failsAtStartUpOnABlankRoleOrATooShortRefreshInterval() {
		runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer.role=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tracing.viewer.role"));
		runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer.refresh-interval=10ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tracing.viewer.refresh-interval"));
	}

	@Test
	void boundsTheIndexesByTheConfiguredNumbersAndSize() {
		runner()
			.withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer.cached-sessions=7",
					"tracing.viewer.max-indexed-runs-per-session=300", "tracing.viewer.max-index-size=8MB")
			.run((context) -> {
				TraceDirectory directory = context.getBean(TraceDirectory.class);
				assertThat(directory.maxSessionsPage()).isEqualTo(7);
				assertThat(directory.maxRunsPage()).isEqualTo(300);
			});
		runner().withPropertyValues("tracing.viewer.enabled=true").run((context) -> {
			TraceViewerProperties properties = context.getBean(TraceViewerProperties.class);
			assertThat(properties.getCachedSessions()).isEqualTo(64);
			assertThat(properties.getMaxIndexedRunsPerSession()).isEqualTo(10_000);
			assertThat(properties.getMaxIndexSize().toMegabytes()).isEqualTo(64);
			assertThat(properties.isAllowRemote()).isFalse();
		});
	}

	@Test
	void failsAtStartUpOnBoundsOutOfRange() {
		for (String property : new String[] { "cached-sessions=0", "cached-sessions=1001",
				"max-indexed-runs-per-session=9", "max-indexed-runs-per-session=1000001", "max-index-size=512KB",
				"max-index-size=65GB" }) {
			String name = "tracing.viewer." + property.substring(0, property.indexOf('='));
			runner().withPropertyValues("tracing.viewer.enabled=true", "tracing.viewer." + property)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining(name));
		}
	}

}
