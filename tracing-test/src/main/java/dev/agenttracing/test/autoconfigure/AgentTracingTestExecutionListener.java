package dev.agenttracing.test.autoconfigure;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import dev.agenttracing.test.TestId;
import dev.agenttracing.test.TraceCapture;

/**
 * Makes each test method of a Spring test the current test of its thread while it runs
 * (its {@code @BeforeEach} and {@code @AfterEach} methods included), so that the runs it
 * starts are its own, and forgets them when it ends.
 */
class AgentTracingTestExecutionListener implements TestExecutionListener, Ordered {

	private static final String ATTRIBUTE = AgentTracingTestExecutionListener.class.getName() + ".test";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		String name = testContext.getTestClass().getSimpleName() + "." + testContext.getTestMethod().getName();
		testContext.setAttribute(ATTRIBUTE, TraceCapture.beginTest(name));
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.removeAttribute(ATTRIBUTE) instanceof TestId test) {
			TraceCapture.endTest(test);
		}
	}

}
