package dev.agenttracing.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Makes the environment variables of Celesto's documentation work exactly as documented:
 * <ul>
 * <li>{@code CELESTO_API_KEY} sets {@code celesto.api-key},</li>
 * <li>{@code CELESTO_DISABLE_AUTO_TRACING} sets {@code celesto.disable-auto-tracing}:
 * {@code true} when the variable is {@code true} or {@code 1} (any case), {@code false}
 * for any other value,</li>
 * <li>{@code CELESTO_BASE_URL} sets {@code celesto.base-url},</li>
 * </ul>
 * and an explicit {@code celesto.*} property wins over the variable, wherever it is set
 * (application.yml or another config file, a system property, the command line). An empty
 * variable counts as unset.
 *
 * <p>
 * Spring Boot's relaxed binding alone gets this wrong: it binds {@code CELESTO_API_KEY}
 * to {@code celesto.api-key} with the precedence of the environment, above
 * application.yml, converts {@code CELESTO_DISABLE_AUTO_TRACING} with Spring's rules
 * ({@code yes} and {@code on} are true as well), and binds an empty
 * {@code CELESTO_BASE_URL} as an empty URL. So this adds a property source just above the
 * {@code systemEnvironment} one, holding for each variable that is set either the
 * explicit property from the sources below (config files) or the variable's documented
 * meaning.
 */
public final class CelestoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source this adds. */
	public static final String PROPERTY_SOURCE_NAME = "celestoEnvironmentVariables";

	/** After the config files (application.yml) have been loaded. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	private static final Map<String, Mapping> VARIABLES = variables();

	private final Log logger;

	/**
	 * Creates the post-processor; Spring Boot calls this.
	 * @param logFactory the factory of the log that is replayed once logging is set up
	 */
	public CelestoEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(CelestoEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> system = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (system == null || sources.contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		for (Map.Entry<String, Mapping> entry : VARIABLES.entrySet()) {
			String variable = entry.getKey();
			Mapping mapping = entry.getValue();
			Object raw = system.getProperty(variable);
			if (raw == null) {
				continue;
			}
			OriginTrackedValue explicit = explicitValue(sources, mapping.property());
			if (explicit != null) {
				properties.put(mapping.property(), explicit);
			}
			else if (!raw.toString().isBlank()) {
				String value = raw.toString().trim();
				properties.put(mapping.property(),
						OriginTrackedValue.of(variable.equals("CELESTO_DISABLE_AUTO_TRACING") ? disables(value) : value,
								new SystemEnvironmentOrigin(variable)));
			}
			else {
				properties.put(mapping.property(), mapping.unset());
			}
		}
		if (!properties.isEmpty()) {
			sources.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, properties, true));
		}
	}

	/**
	 * The property's value in the sources below the environment variables, but the
	 * default properties.
	 */
	private static @Nullable OriginTrackedValue explicitValue(MutablePropertySources sources, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		boolean below = false;
		for (PropertySource<?> source : sources) {
			String sourceName = source.getName();
			if (sourceName.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
				below = true;
				continue;
			}
			if (!below || sourceName.equals(DefaultPropertiesPropertySource.NAME)) {
				continue;
			}
			ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
			ConfigurationProperty found = (adapted != null) ? adapted.getConfigurationProperty(name) : null;
			if (found != null) {
				return OriginTrackedValue.of(found.getValue(), found.getOrigin());
			}
		}
		return null;
	}

	private String disables(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.equals("true") || lower.equals("1")) {
			return "true";
		}
		if (!lower.equals("false") && !lower.equals("0")) {
			this.logger.warn("CELESTO_DISABLE_AUTO_TRACING is neither true nor 1 (nor false nor 0); automatic Celesto "
					+ "tracing stays enabled");
		}
		return "false";
	}

	private static Map<String, Mapping> variables() {
		Map<String, Mapping> variables = new LinkedHashMap<>();
		variables.put("CELESTO_API_KEY", new Mapping("celesto.api-key", ""));
		variables.put("CELESTO_DISABLE_AUTO_TRACING", new Mapping("celesto.disable-auto-tracing", "false"));
		variables.put("CELESTO_BASE_URL", new Mapping("celesto.base-url", CelestoProperties.DEFAULT_BASE_URL));
		return Collections.unmodifiableMap(variables);
	}

	/**
	 * The property a variable sets, and the property's value when the variable is empty.
	 */
	private record Mapping(String property, String unset) {
	}

}
