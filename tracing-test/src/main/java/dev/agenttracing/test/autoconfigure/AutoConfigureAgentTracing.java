package dev.agenttracing.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Captures the traces of each test of a Spring Boot test in memory: the application's
 * {@link dev.agenttracing.AgentTracer} gets an exporter that keeps every event, and a
 * {@link dev.agenttracing.test.CapturedTraces} bean reads the runs of the current test
 * (injected into the test). A test sees every event of a run that returned; what one test
 * captured is gone in the next. JSONL files and Celesto are off unless {@link #files()}
 * or {@link #celesto()} say otherwise.
 *
 * <p>
 * Tests that share the application context, one after the other or in parallel, each see
 * the runs they started: a run belongs to the test whose thread starts it (or to which
 * the context-propagation carries the test), and a run started on a thread of no test,
 * such as the web server's, belongs to every test running then (see
 * {@link dev.agenttracing.test.TraceCapture}).
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureAgentTracing
 * class SupportAgentTests {
 *
 *     &#64;Autowired
 *     SupportAgent agent;
 *
 *     &#64;Autowired
 *     CapturedTraces traces;
 *
 *     &#64;Test
 *     void escalatesAnOutage() {
 *         this.agent.answer("outage", "TCK-1044: our production API answers 503");
 *         assertThat(this.traces).run().calledTool("escalate").hasNoFailures();
 *     }
 *
 * }
 * </pre>
 *
 * An application that builds its own {@code AgentTracer} bean installs the capture
 * itself: {@code traceCapture.install(AgentTracer.builder())}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureAgentTracing {

	/** Whether the JSONL files are written too ({@code tracing.jsonl.enabled}). */
	boolean files() default false;

	/**
	 * Whether traces go to Celesto too when an API key is set (otherwise
	 * {@code celesto.disable-auto-tracing=true}).
	 */
	boolean celesto() default false;

}
