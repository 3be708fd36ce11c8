package dev.agenttracing.sample;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

import dev.agenttracing.AgentTracer;

/**
 * The sample application started in this JVM on a free port, with a controlled set of
 * environment variables: the developer's own {@code CELESTO_*}, {@code TRACING_*} and
 * {@code SPRING_*} variables never reach it.
 */
final class RunningSample implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final SampleHttp http;

	private RunningSample(ConfigurableApplicationContext context) {
		this.context = context;
		this.http = new SampleHttp(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	/**
	 * Starts the application with these environment variables and command line arguments.
	 */
	static RunningSample start(Map<String, Object> environmentVariables, String... args) {
		return new RunningSample(application(environmentVariables).run(withFreePort(args)));
	}

	/** Starts the application with no environment variable of its own. */
	static RunningSample start(String... args) {
		return start(Map.of(), args);
	}

	static SpringApplicationBuilder application(Map<String, Object> environmentVariables) {
		StandardServletEnvironment environment = new StandardServletEnvironment();
		Map<String, Object> variables = new HashMap<>();
		System.getenv().forEach((name, value) -> {
			if (!name.startsWith("CELESTO_") && !name.startsWith("TRACING_") && !name.startsWith("SPRING_")) {
				variables.put(name, value);
			}
		});
		variables.putAll(environmentVariables);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new SpringApplicationBuilder(SampleApplication.class).environment(environment);
	}

	static String[] withFreePort(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

	/** Writes every queued event to the exporters. */
	void flushTraces() {
		AgentTracer tracer = this.context.getBean(AgentTracer.class);
		if (!tracer.flush(Duration.ofSeconds(10))) {
			throw new AssertionError("trace events not exported within 10 s");
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
