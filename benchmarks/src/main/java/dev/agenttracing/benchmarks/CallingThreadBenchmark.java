package dev.agenttracing.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

import dev.agenttracing.AgentRun;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolCall;
import dev.agenttracing.annotation.TracedTool;
import dev.agenttracing.autoconfigure.TracingAdvisor;
import dev.agenttracing.aop.TracingAspect;
import dev.agenttracing.event.TraceEvent;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.NoOpExporter;
import dev.agenttracing.export.TraceEventFilter;

/**
 * What a traced call costs the thread that makes it, in one JMH run beside what the same
 * call costs unproxied, under Micrometer's {@code @Observed} and inside a manual
 * OpenTelemetry SDK span, so that the ratios hold on a noisy machine. Every tracer
 * exports to a no-op exporter through its own batching worker (agent-tracing's
 * {@code ExportChannel}, OpenTelemetry's {@code BatchSpanProcessor}, both with batches of
 * 512), so the worker's share of the CPU is part of the picture as in production.
 *
 * <p>
 * {@code SampleTime} gives both the mean (the score) and the median ({@code p0.50}).
 * Three forks, because one JVM's compiled code can settle in a faster or slower shape for
 * its whole life: the medians of single forks of the same benchmark differ by up to a
 * third on this machine. Ten seconds of warm-up, because on two cores the compiler
 * threads, the garbage collector and the export worker share the CPU with the benchmark
 * thread: after three seconds the traced calls still had a slow tail (a tenth of them
 * over 13 µs) that was gone a few seconds later.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class CallingThreadBenchmark {

	static final String ORDER_ID = "order-12345";

	static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

	static final AttributeKey<String> ORDER = AttributeKey.stringKey("order.id");

	static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

	OrderTools plain;

	OrderTools passThrough;

	OrderTools passThroughInterceptor;

	OrderTools traced;

	OrderTools tracedAspect;

	OrderTools tracedFilteredOut;

	OrderTools observed;

	AgentTracer agentTracer;

	AgentTracer rejectingTracer;

	ObservationRegistry observations;

	SdkTracerProvider otelProvider;

	Tracer otel;

	@Setup(Level.Trial)
	public void setUp() {
		this.agentTracer = AgentTracer.builder()
			.exporter("noop", new NoOpExporter(), 512, Duration.ofSeconds(5))
			.build();
		this.rejectingTracer = AgentTracer.builder()
			.exporter("noop", new NoOpExporter(), 512, Duration.ofSeconds(5))
			.filter(TraceEventFilter.byName(List.of(), TraceEvent.NAMES))
			.build();
		this.plain = new OrderTools();
		this.passThrough = proxy(new PassThroughAspect());
		this.passThroughInterceptor = proxy(
				new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(TracedTool.class),
						(MethodInterceptor) MethodInvocation::proceed));
		this.traced = proxy(new TracingAdvisor(this.agentTracer));
		this.tracedAspect = proxy(new TracingAspect(this.agentTracer));
		this.tracedFilteredOut = proxy(new TracingAdvisor(this.rejectingTracer));
		this.observations = ObservationRegistry.create();
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		this.observed = proxy(new ObservedAspect(this.observations));
		this.otelProvider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(new NoOpSpanExporter()).setMaxExportBatchSize(512).build())
			.build();
		this.otel = this.otelProvider.get("benchmarks");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.agentTracer.flush(Duration.ofSeconds(5));
		System.out.printf("%nagent-tracing no-op exporter: %s%n", this.agentTracer.stats().get("noop"));
		this.agentTracer.shutdown(Duration.ofSeconds(5));
		this.rejectingTracer.shutdown(Duration.ofSeconds(5));
		this.otelProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	/** A class-based proxy with an advisor, as the starter's auto-proxy creator makes. */
	private OrderTools proxy(Advisor advisor) {
		ProxyFactory factory = new ProxyFactory(new OrderTools());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(advisor);
		return (OrderTools) factory.getProxy();
	}

	private OrderTools proxy(Object aspect) {
		AspectJProxyFactory factory = new AspectJProxyFactory(new OrderTools());
		factory.addAspect(aspect);
		return factory.getProxy();
	}

	/**
	 * A run current on the benchmark thread for the {@code @TracedTool} call to belong
	 * to.
	 */
	@State(Scope.Thread)
	public static class CurrentRun {

		AgentRun run;

		long acceptedBefore;

		@Setup(Level.Iteration)
		public void open(CallingThreadBenchmark benchmark) {
			this.acceptedBefore = accepted(benchmark.agentTracer);
			this.run = benchmark.agentTracer.newRun("Support Agent").start();
		}

		@TearDown(Level.Iteration)
		public void close(CallingThreadBenchmark benchmark) {
			this.run.complete();
			benchmark.agentTracer.flush(Duration.ofSeconds(5));
			if (accepted(benchmark.agentTracer) - this.acceptedBefore < 3) {
				throw new IllegalStateException(
						"the traced tool calls were not recorded: " + benchmark.agentTracer.stats());
			}
		}

	}

	/**
	 * A run of the tracer whose filter rejects every event, current on the benchmark
	 * thread.
	 */
	@State(Scope.Thread)
	public static class CurrentRejectedRun {

		AgentRun run;

		@Setup(Level.Iteration)
		public void open(CallingThreadBenchmark benchmark) {
			this.run = benchmark.rejectingTracer.newRun("Support Agent").start();
		}

		@TearDown(Level.Iteration)
		public void close(CallingThreadBenchmark benchmark) {
			this.run.complete();
			if (accepted(benchmark.rejectingTracer) != 0) {
				throw new IllegalStateException("the filter let events through: " + benchmark.rejectingTracer.stats());
			}
		}

	}

	// ---- 1. one tool call ----

	/** The tool called directly: the floor. */
	@Benchmark
	public String toolPlain() {
		return this.plain.lookupOrder(ORDER_ID, 2);
	}

	/**
	 * The tool through the Spring AOP proxy with an aspect that only proceeds: the
	 * proxy's own cost.
	 */
	@Benchmark
	public String toolPassThroughAspect() {
		return this.passThrough.lookupOrder(ORDER_ID, 2);
	}

	/**
	 * The tool through the Spring AOP proxy with an interceptor that only proceeds: the
	 * proxy's own cost for an advisor, as the starter registers.
	 */
	@Benchmark
	public String toolPassThroughInterceptor() {
		return this.passThroughInterceptor.lookupOrder(ORDER_ID, 2);
	}

	/**
	 * The tool through the Spring AOP proxy with {@code TracingAdvisor} (what the starter
	 * registers), inside a current run.
	 */
	@Benchmark
	public String toolTraced(CurrentRun run) {
		return this.traced.lookupOrder(ORDER_ID, 2);
	}

	/**
	 * The tool through the Spring AOP proxy with the AspectJ-style {@code TracingAspect},
	 * inside a current run.
	 */
	@Benchmark
	public String toolTracedAspect(CurrentRun run) {
		return this.tracedAspect.lookupOrder(ORDER_ID, 2);
	}

	/**
	 * The tool through the Spring AOP proxy with {@code TracingAdvisor}, inside a current
	 * run of a tracer whose filter rejects every event by name: the tool call is not
	 * built, nothing is sanitized or queued.
	 */
	@Benchmark
	public String toolTracedFilteredOut(CurrentRejectedRun run) {
		return this.tracedFilteredOut.lookupOrder(ORDER_ID, 2);
	}

	/** The tool through the Spring AOP proxy with Micrometer's {@code ObservedAspect}. */
	@Benchmark
	public String toolObserved() {
		return this.observed.lookupOrder(ORDER_ID, 2);
	}

	/** The tool inside a manual OpenTelemetry SDK span: start, two attributes, end. */
	@Benchmark
	public String toolOtelSpan() {
		Span span = this.otel.spanBuilder(OrderTools.TOOL_NAME).startSpan();
		span.setAttribute(TOOL_NAME, OrderTools.TOOL_NAME);
		span.setAttribute(ORDER, ORDER_ID);
		try {
			return this.plain.lookupOrder(ORDER_ID, 2);
		}
		finally {
			span.end();
		}
	}

	// ---- 2. one run holding one tool call, manual APIs ----

	/**
	 * {@code AgentTracer}: a run with an input and one tool call with its arguments and
	 * result.
	 */
	@Benchmark
	public String runAndToolAgentTracer() {
		AgentRun run = this.agentTracer.newRun("Support Agent").input("Where is order-12345?").start();
		ToolCall call = run.startTool(OrderTools.TOOL_NAME, Map.of("orderId", ORDER_ID, "quantity", 2));
		String result = this.plain.lookupOrder(ORDER_ID, 2);
		call.complete(result);
		run.complete(result);
		return result;
	}

	/**
	 * OpenTelemetry SDK: a run span, current while a child tool span (two attributes)
	 * runs.
	 */
	@Benchmark
	public String runAndToolOtel() {
		Span run = this.otel.spanBuilder("invoke_agent").setAttribute(AGENT_NAME, "Support Agent").startSpan();
		try (io.opentelemetry.context.Scope scope = run.makeCurrent()) {
			Span tool = this.otel.spanBuilder(OrderTools.TOOL_NAME).startSpan();
			tool.setAttribute(TOOL_NAME, OrderTools.TOOL_NAME);
			tool.setAttribute(ORDER, ORDER_ID);
			try {
				return this.plain.lookupOrder(ORDER_ID, 2);
			}
			finally {
				tool.end();
			}
		}
		finally {
			run.end();
		}
	}

	/**
	 * Micrometer Observation: a run observation, in scope while a child tool observation
	 * runs.
	 */
	@Benchmark
	public String runAndToolObservation() {
		Observation run = Observation.createNotStarted("agent.run", this.observations)
			.lowCardinalityKeyValue("gen_ai.agent.name", "Support Agent")
			.start();
		try (Observation.Scope scope = run.openScope()) {
			Observation tool = Observation.createNotStarted("agent.tool", this.observations)
				.lowCardinalityKeyValue("gen_ai.tool.name", OrderTools.TOOL_NAME)
				.highCardinalityKeyValue("order.id", ORDER_ID)
				.start();
			try {
				return this.plain.lookupOrder(ORDER_ID, 2);
			}
			finally {
				tool.stop();
			}
		}
		finally {
			run.stop();
		}
	}

	static long accepted(AgentTracer tracer) {
		long accepted = 0;
		for (ExporterStats stats : tracer.stats().values()) {
			accepted += stats.accepted() + stats.dropped();
		}
		return accepted;
	}

	/** Discards every span, as {@code NoOpExporter} discards every event. */
	static final class NoOpSpanExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
