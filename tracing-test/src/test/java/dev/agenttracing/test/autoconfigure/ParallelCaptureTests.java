package dev.agenttracing.test.autoconfigure;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.agenttracing.test.CapturedRun;
import dev.agenttracing.test.CapturedTraces;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests running at the same time against one application context (and one tracer) each
 * see the runs they started: on their own thread, or on a pool's thread that the
 * context-propagation carries them to. A run started on a thread of no test, while all
 * three run, belongs to all three. The tests wait for each other, so they overlap.
 */
@SpringBootTest(classes = TestAgentApplication.class)
@AutoConfigureAgentTracing
@Execution(ExecutionMode.CONCURRENT)
class ParallelCaptureTests {

	private static final int TESTS = 3;

	private static final CyclicBarrier started = new CyclicBarrier(TESTS);

	private static final CyclicBarrier ran = new CyclicBarrier(TESTS);

	private static final CyclicBarrier threadOfNoTestRan = new CyclicBarrier(TESTS);

	private static final ExecutorService pool = Executors.newFixedThreadPool(2);

	@Autowired
	TicketAgent agent;

	@Autowired
	CapturedTraces traces;

	@AfterAll
	static void stopPool() {
		pool.shutdown();
	}

	@Test
	void first() throws Exception {
		runAndCheck("first", true);
	}

	@Test
	void second() throws Exception {
		runAndCheck("second", false);
	}

	@Test
	void third() throws Exception {
		runAndCheck("third", false);
	}

	private void runAndCheck(String name, boolean startsRunOfNoTest) throws Exception {
		started.await(30, TimeUnit.SECONDS);
		for (int i = 0; i < 5; i++) {
			this.agent.answer(name, "T-" + i);
			// a pool thread: carried there by the context-propagation
			pool.submit(ContextSnapshotFactory.builder()
				.build()
				.captureAll()
				.wrap(() -> this.agent.answer(name + "-pooled", "T-9"))).get();
		}
		ran.await(30, TimeUnit.SECONDS);
		if (startsRunOfNoTest) {
			Thread server = new Thread(() -> this.agent.answer("no-test", "T-0"));
			server.start();
			server.join();
		}
		threadOfNoTestRan.await(30, TimeUnit.SECONDS);

		assertThat(this.traces.runs()).extracting(CapturedRun::sessionId)
			.containsOnly(name, name + "-pooled", "no-test")
			.hasSize(11);
		assertThat(this.traces.runsInSession(name)).hasSize(5);
		assertThat(this.traces.runsInSession(name + "-pooled")).hasSize(5);
		assertThat(this.traces.runsInSession("no-test")).hasSize(1);
	}

}
