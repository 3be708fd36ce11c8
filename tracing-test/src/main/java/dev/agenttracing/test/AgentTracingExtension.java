package dev.agenttracing.test;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;

/**
 * Gives each test of a plain Java (JUnit Jupiter) test class its own {@link AgentTracer}
 * that keeps every event in memory, and the {@link CapturedTraces} to read them, as
 * parameters of the test and of its {@code @BeforeEach} methods. The tracer has no other
 * exporter (no files, no Celesto) and is shut down after the test; tests running in
 * parallel each have their own.
 *
 * <pre class="code">
 * &#64;ExtendWith(AgentTracingExtension.class)
 * class TriageAgentTests {
 *
 *     &#64;Test
 *     void looksUpTheTicket(AgentTracer tracer, CapturedTraces traces) {
 *         new TriageAgent(tracer).answer("Ticket T-1 is broken");
 *         assertThat(traces).run().calledTools("lookup_ticket");
 *     }
 *
 * }
 * </pre>
 *
 * To configure the tracer, register the extension in a static field:
 * {@code @RegisterExtension static AgentTracingExtension tracing = AgentTracingExtension.withTracer(builder -> builder.contentPolicy(policy));}
 */
public final class AgentTracingExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(AgentTracingExtension.class);

	private final UnaryOperator<AgentTracer.Builder> customizer;

	/** An extension whose tracers have the default settings. */
	public AgentTracingExtension() {
		this(UnaryOperator.identity());
	}

	private AgentTracingExtension(UnaryOperator<AgentTracer.Builder> customizer) {
		this.customizer = customizer;
	}

	/**
	 * An extension whose tracers are built with these settings too.
	 * @param customizer changes the builder of each test's tracer (its content policy,
	 * filters, listeners, further exporters)
	 * @return the extension
	 */
	public static AgentTracingExtension withTracer(UnaryOperator<AgentTracer.Builder> customizer) {
		return new AgentTracingExtension(customizer);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		TraceCapture capture = new TraceCapture();
		AgentTracer tracer = this.customizer
			.apply(capture.install(AgentTracer.builder().shutdownTimeout(Duration.ofSeconds(5))))
			.build();
		TestId test = TraceCapture.beginTest(context.getDisplayName());
		context.getStore(NAMESPACE)
			.put(Capture.class, new Capture(test, tracer, capture.traces(() -> List.of(tracer))));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
		if (capture != null) {
			capture.tracer().close();
			TraceCapture.endTest(capture.test());
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == AgentTracer.class || type == CapturedTraces.class;
	}

	@Override
	public @Nullable Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Capture capture = extensionContext.getStore(NAMESPACE).get(Capture.class, Capture.class);
		if (capture == null) {
			throw new IllegalStateException(
					"AgentTracingExtension gives a tracer to tests and @BeforeEach methods only");
		}
		return (parameterContext.getParameter().getType() == AgentTracer.class) ? capture.tracer() : capture.traces();
	}

	/** What one test has. */
	private record Capture(TestId test, AgentTracer tracer, CapturedTraces traces) {
	}

}
