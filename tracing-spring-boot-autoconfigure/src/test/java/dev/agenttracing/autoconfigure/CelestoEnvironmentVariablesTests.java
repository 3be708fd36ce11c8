package dev.agenttracing.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code CELESTO_*} variables, given as a {@code systemEnvironment} property source
 * equal to the one Spring builds from the real environment.
 */
class CelestoEnvironmentVariablesTests {

	private static final String KEY = "cel_envkey0123456789";

	@Test
	void mapsTheDocumentedVariablesToTheCelestoProperties() {
		CelestoProperties properties = resolve(Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL",
				"http://localhost:9999/v1", "CELESTO_DISABLE_AUTO_TRACING", "true"), Map.of());
		assertThat(properties.getApiKey()).isEqualTo(KEY);
		assertThat(properties.getBaseUrl()).isEqualTo("http://localhost:9999/v1");
		assertThat(properties.isDisableAutoTracing()).isTrue();
		assertThat(autoTracing(properties)).isFalse();
	}

	@Test
	void enablesAutoTracingWithTheApiKeyAlone() {
		CelestoProperties properties = resolve(Map.of("CELESTO_API_KEY", KEY), Map.of());
		assertThat(properties.getApiKey()).isEqualTo(KEY);
		assertThat(properties.getBaseUrl()).isEqualTo(CelestoProperties.DEFAULT_BASE_URL);
		assertThat(autoTracing(properties)).isTrue();
	}

	@ParameterizedTest(name = "CELESTO_DISABLE_AUTO_TRACING={0}")
	@CsvSource({ "true, true", "TRUE, true", "1, true", " True , true", "false, false", "0, false", "yes, false",
			"'', false" })
	void disablesAutoTracingOnlyForTrueOrOne(String value, boolean disabled) {
		CelestoProperties properties = resolve(Map.of("CELESTO_API_KEY", KEY, "CELESTO_DISABLE_AUTO_TRACING", value),
				Map.of());
		assertThat(properties.isDisableAutoTracing()).isEqualTo(disabled);
		assertThat(autoTracing(properties)).isEqualTo(!disabled);
	}

	@Test
	void explicitPropertiesWinOverTheVariables() {
		CelestoProperties properties = resolve(
				Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", "http://localhost:9999/v1",
						"CELESTO_DISABLE_AUTO_TRACING", "1"),
				Map.of("celesto.api-key", "cel_fromproperties0123", "celesto.base-url", "https://celesto.internal/v1",
						"celesto.disable-auto-tracing", "false"));
		assertThat(properties.getApiKey()).isEqualTo("cel_fromproperties0123");
		assertThat(properties.getBaseUrl()).isEqualTo("https://celesto.internal/v1");
		assertThat(properties.isDisableAutoTracing()).isFalse();
	}

	@Test
	void treatsEmptyVariablesAsUnset() {
		CelestoProperties properties = resolve(
				Map.of("CELESTO_API_KEY", " ", "CELESTO_BASE_URL", "", "CELESTO_DISABLE_AUTO_TRACING", ""), Map.of());
		assertThat(properties.getApiKey()).isNull();
		assertThat(properties.getBaseUrl()).isEqualTo(CelestoProperties.DEFAULT_BASE_URL);
		assertThat(properties.isDisableAutoTracing()).isFalse();
	}

	@Test
	void addsNothingWithoutTheVariables() {
		ConfigurableEnvironment environment = environment(Map.of("PATH", "/usr/bin"), Map.of());
		postProcess(environment);
		assertThat(environment.getPropertySources().contains(CelestoEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void systemPropertiesAndTheCommandLineWinOverTheVariables() {
		ConfigurableEnvironment environment = environment(Map.of("CELESTO_API_KEY", KEY), Map.of());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("commandLineArgs", Map.of("celesto.api-key", "cel_commandline0123")));
		postProcess(environment);
		assertThat(Binder.get(environment).bindOrCreate("celesto", CelestoProperties.class).getApiKey())
			.isEqualTo("cel_commandline0123");
	}

	@Test
	void variablesWinOverTheDefaultProperties() {
		ConfigurableEnvironment environment = environment(Map.of("CELESTO_API_KEY", KEY), Map.of());
		environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties", Map.of("celesto.api-key", "cel_default0123")));
		postProcess(environment);
		assertThat(Binder.get(environment).bindOrCreate("celesto", CelestoProperties.class).getApiKey()).isEqualTo(KEY);
	}

	@Test
	void explicitPropertiesInRelaxedFormWinOverTheVariables() {
		CelestoProperties properties = resolve(Map.of("CELESTO_API_KEY", KEY),
				Map.of("celesto.apiKey", "cel_camelcase0123"));
		assertThat(properties.getApiKey()).isEqualTo("cel_camelcase0123");
	}

	@Test
	void neverShowsTheApiKeyInToString() {
		CelestoProperties properties = resolve(Map.of("CELESTO_API_KEY", KEY), Map.of());
		assertThat(properties.toString()).doesNotContain(KEY).contains("apiKey=(set)");
	}

	@Test
	void autoConfiguresCelestoOnlyWithAKeyAndAutoTracingNotDisabled() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withUserConfiguration(CelestoConditionConfiguration.class);
		runner.run((context) -> assertThat(context).doesNotHaveBean("celestoAutoTracing"));
		runner.withPropertyValues("celesto.api-key=" + KEY)
			.run((context) -> assertThat(context).hasBean("celestoAutoTracing"));
		runner.withPropertyValues("celesto.api-key=" + KEY, "celesto.disable-auto-tracing=true")
			.run((context) -> assertThat(context).doesNotHaveBean("celestoAutoTracing"));
		runner.withInitializer((context) -> withVariables(context, Map.of("CELESTO_API_KEY", KEY)))
			.run((context) -> assertThat(context).hasBean("celestoAutoTracing"));
		runner
			.withInitializer((context) -> withVariables(context,
					Map.of("CELESTO_API_KEY", KEY, "CELESTO_DISABLE_AUTO_TRACING", "1")))
			.run((context) -> assertThat(context).doesNotHaveBean("celestoAutoTracing"));
		runner.withPropertyValues("celesto.disable-auto-tracing=false")
			.withInitializer((context) -> withVariables(context,
					Map.of("CELESTO_API_KEY", KEY, "CELESTO_DISABLE_AUTO_TRACING", "true")))
			.run((context) -> assertThat(context).hasBean("celestoAutoTracing"));
	}

	@Test
	void isRegisteredWithSpringBoot() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("CELESTO_API_KEY", KEY, "CELESTO_BASE_URL", "http://localhost:9999/v1")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.environment(environment)
			.properties("tracing.jsonl.enabled=false")
			.run("--celesto.base-url=https://celesto.internal/v1")) {
			CelestoProperties properties = context.getBean(CelestoProperties.class);
			assertThat(properties.getApiKey()).isEqualTo(KEY);
			assertThat(properties.getBaseUrl()).isEqualTo("https://celesto.internal/v1");
		}
	}

	private static CelestoProperties resolve(Map<String, String> variables, Map<String, String> properties) {
		ConfigurableEnvironment environment = environment(variables, properties);
		postProcess(environment);
		CelestoProperties bound = Binder.get(environment).bindOrCreate("celesto", CelestoProperties.class);
		bound.afterPropertiesSet();
		return bound;
	}

	private static ConfigurableEnvironment environment(Map<String, String> variables, Map<String, String> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new HashMap<>(variables)));
		sources.addLast(new MapPropertySource("application.yml", new HashMap<>(properties)));
		return environment;
	}

	/**
	 * Whether traces go to Celesto automatically, as OnCelestoAutoTracingCondition
	 * decides.
	 */
	private static boolean autoTracing(CelestoProperties properties) {
		return properties.getApiKey() != null && !properties.isDisableAutoTracing();
	}

	static void withVariables(ConfigurableApplicationContext context, Map<String, String> variables) {
		ConfigurableEnvironment environment = context.getEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		postProcess(environment);
	}

	private static void postProcess(ConfigurableEnvironment environment) {
		new CelestoEnvironmentPostProcessor(Supplier::get).postProcessEnvironment(environment, new SpringApplication());
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnCelestoAutoTracingCondition.class)
	static class CelestoConditionConfiguration {

		@Bean
		String celestoAutoTracing() {
			return "on";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TracingAutoConfiguration.class, CelestoAutoConfiguration.class })
	static class Application {

	}

}
