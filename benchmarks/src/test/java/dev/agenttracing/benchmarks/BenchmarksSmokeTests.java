package dev.agenttracing.benchmarks;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, in this JVM, so that they cannot rot; it measures nothing.
 * The real runs are in {@code benchmarks/README.md}.
 */
class BenchmarksSmokeTests {

	@Test
	void everyBenchmarkRunsOnce() throws Exception {
		// JMH takes a machine-wide lock file; a benchmark run of someone else's must not
		// fail this build
		System.setProperty("jmh.ignoreLock", "true");
		Options options = new OptionsBuilder()
			.include("^" + BenchmarksSmokeTests.class.getPackageName().replace(".", "\\.") + "\\.|RedactionBenchmark")
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.mode(Mode.SingleShotTime)
			.timeUnit(TimeUnit.MICROSECONDS)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		// 11 calling-thread benchmarks, 8 JSONL settings, 2 Celesto batch sizes,
		// overload,
		// 6 redaction texts
		assertThat(results).hasSize(28);
		assertThat(results).allSatisfy((result) -> assertThat(result.getPrimaryResult().getScore()).isPositive());
	}

}
