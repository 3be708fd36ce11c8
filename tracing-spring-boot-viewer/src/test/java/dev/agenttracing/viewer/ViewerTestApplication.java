package dev.agenttracing.viewer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.RunConfig;
import dev.agenttracing.Scope;
import dev.agenttracing.annotation.SessionId;
import dev.agenttracing.annotation.TracedRun;
import dev.agenttracing.annotation.TracedTool;

/**
 * A small web application as a user writes one: auto-configuration, a {@code @TracedRun}
 * agent whose {@code @TracedTool} tools are called by HTTP requests (one tool always
 * fails), and the viewer switched on. With Spring Security on the class path it has form
 * login, HTTP basic and two users: {@code viewer} (role {@code TRACE_VIEWER}) and
 * {@code developer} (role {@code USER}); the property {@code viewer-test.security=open}
 * makes its own rules permit every request instead, and any other value leaves the
 * security configuration to Spring Boot. With {@code viewer-test.access=header} the
 * application has its own {@link ViewerAccess}: only requests with the header
 * {@code X-Trace-Viewer: yes} get in.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ViewerTestApplication.Agents.class, ViewerTestApplication.LoginSecurity.class,
		ViewerTestApplication.OpenSecurity.class, ViewerTestApplication.HeaderAccess.class })
class ViewerTestApplication {

	static final String PASSWORD = "secret-password";

	/** Starts the application on a random port of 127.0.0.1. */
	static ConfigurableApplicationContext start(Path traces, String... properties) {
		return builder(traces, properties).run();
	}

	/** Starts the application as if Spring Security were not on the class path. */
	static ConfigurableApplicationContext startWithoutSpringSecurity(Path traces, String... properties) {
		return builder(traces, properties)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("org.springframework.security")))
			.run();
	}

	private static SpringApplicationBuilder builder(Path traces, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
				"spring.main.banner-mode=off", "logging.level.root=WARN", "tracing.viewer.enabled=true",
				"tracing.viewer.refresh-interval=300ms", "tracing.jsonl.dir=" + traces));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ViewerTestApplication.class).properties(all.toArray(String[]::new));
	}

	/** The root URL of a started application, such as {@code http://127.0.0.1:34567}. */
	static String rootUrl(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return "http://127.0.0.1:" + port;
	}

	@Configuration(proxyBeanMethods = false)
	static class Agents {

		@Bean
		TicketTools ticketTools() {
			return new TicketTools();
		}

		@Bean
		SupportAgent supportAgent(TicketTools tools) {
			return new SupportAgent(tools);
		}

	}

	/**
	 * The agent's HTTP endpoints; registered as a member component of the application
	 * class.
	 */
	@RestController
	static class AgentController {

		private final SupportAgent agent;

		AgentController(SupportAgent agent) {
			this.agent = agent;
		}

		@GetMapping("/agent/ask")
		String ask(@RequestParam String user, @RequestParam String question) {
			try (Scope scope = RunConfig.of("support-queue", Map.of("channel", "web", "priority", "p2")).open()) {
				return this.agent.answer(user, question);
			}
		}

		@GetMapping("/agent/slow")
		String slow(@RequestParam String user) {
			return this.agent.slow(user, "a question that takes a while");
		}

	}

	/**
	 * Public, as are the tools: the application without Spring Security proxies them in a
	 * filtered class loader.
	 */
	public static class SupportAgent {

		private final TicketTools tools;

		public SupportAgent(TicketTools tools) {
			this.tools = tools;
		}

		@TracedRun(value = "Support Agent", model = "gpt-5-mini")
		public String answer(@SessionId String user, String question) {
			AgentRun run = AgentTracer.currentRun();
			if (run != null) {
				run.reasoning("Look up the ticket, then search the knowledge base.", null);
			}
			String ticket = this.tools.lookupTicket(7);
			String articles = this.tools.searchKb(question, 3);
			String escalation;
			try {
				escalation = this.tools.escalate(7, "customer is waiting");
			}
			catch (IllegalStateException ex) {
				escalation = "not escalated (" + ex.getMessage() + ")";
			}
			if (run != null) {
				run.content("Ticket 7 is open; ");
			}
			return ticket + "; " + articles + "; " + escalation;
		}

		@TracedRun("Slow Agent")
		public String slow(@SessionId String user, String question) {
			String ticket = this.tools.lookupTicket(1);
			return ticket + "; " + this.tools.waitForApproval(ticket);
		}

	}

	public static class TicketTools {

		private volatile CountDownLatch approval = new CountDownLatch(1);

		@TracedTool("lookup_ticket")
		public String lookupTicket(int id) {
			pause(40);
			return "ticket " + id + " (open, priority p2)";
		}

		@TracedTool("search_kb")
		public String searchKb(String query, int limit) {
			pause(60);
			return limit + " articles about \"" + query + "\"";
		}

		@TracedTool("escalate")
		public String escalate(int ticketId, String reason) {
			pause(30);
			throw new IllegalStateException("escalation service unavailable");
		}

		@TracedTool("wait_for_approval")
		public String waitForApproval(String ticket) {
			try {
				return this.approval.await(60, TimeUnit.SECONDS) ? "approved" : "timed out";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}

		/**
		 * Lets the waiting {@code wait_for_approval} calls finish, and the next one wait
		 * again.
		 */
		public void approve() {
			CountDownLatch current = this.approval;
			this.approval = new CountDownLatch(1);
			current.countDown();
		}

		private static void pause(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Form login and HTTP basic; the agent's own endpoints are open. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
	@ConditionalOnProperty(name = "viewer-test.security", havingValue = "login", matchIfMissing = true)
	static class LoginSecurity {

		@Bean
		SecurityFilterChain applicationSecurity(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/agent/**").permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return ViewerTestApplication.users();
		}

	}

	/**
	 * An application whose own rules permit every request: the viewer must stay closed
	 * all the same.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
	@ConditionalOnProperty(name = "viewer-test.security", havingValue = "open")
	static class OpenSecurity {

		@Bean
		SecurityFilterChain applicationSecurity(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return ViewerTestApplication.users();
		}

	}

	/** The application's own check of who sees the viewer, in place of the viewer's. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "viewer-test.access", havingValue = "header")
	static class HeaderAccess {

		@Bean
		ViewerAccess headerViewerAccess() {
			return (request) -> {
				if (!"yes".equals(request.getHeader("X-Trace-Viewer"))) {
					throw new ResponseStatusException(HttpStatus.FORBIDDEN, "send X-Trace-Viewer: yes");
				}
			};
		}

	}

	private static InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("viewer").password("{noop}" + PASSWORD).roles("TRACE_VIEWER").build(),
				User.withUsername("developer").password("{noop}" + PASSWORD).roles("USER").build(),
				User.withUsername("auditor").password("{noop}" + PASSWORD).roles("AUDITOR").build());
	}

}
