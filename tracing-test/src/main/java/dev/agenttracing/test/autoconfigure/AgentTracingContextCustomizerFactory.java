package dev.agenttracing.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Switches the JSONL files and Celesto off in a test annotated with
 * {@link AutoConfigureAgentTracing}, unless it asks for them; properties the test sets
 * itself ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource}) win.
 */
class AgentTracingContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureAgentTracing annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureAgentTracing.class);
		if (annotation == null) {
			return null;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.files()) {
			properties.put("tracing.jsonl.enabled", "false");
		}
		if (!annotation.celesto()) {
			properties.put("celesto.disable-auto-tracing", "true");
		}
		return new Customizer(properties);
	}

	private record Customizer(Map<String, Object> properties) implements ContextCustomizer {

		private static final String NAME = "agentTracingTest";

		private static final String INLINED = "Inlined Test Properties";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			if (this.properties.isEmpty()) {
				return;
			}
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource source = new MapPropertySource(NAME, this.properties);
			if (sources.contains(INLINED)) {
				sources.addAfter(INLINED, source);
			}
			else {
				sources.addFirst(source);
			}
		}

	}

}
