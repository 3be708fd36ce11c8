package dev.agenttracing.sample;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import dev.agenttracing.autoconfigure.CelestoProperties;

/**
 * The {@code celesto} profile asks for traces to go to Celesto: without an API key the
 * application stops at start-up, naming {@code CELESTO_API_KEY}, instead of running
 * without them unnoticed.
 */
@Configuration(proxyBeanMethods = false)
@Profile("celesto")
class CelestoProfileConfiguration {

	CelestoProfileConfiguration(CelestoProperties celesto) {
		if (celesto.getApiKey() == null) {
			throw new InvalidConfigurationPropertyValueException("celesto.api-key", "(not set)",
					"the celesto profile sends traces to Celesto and needs an API key: set the CELESTO_API_KEY "
							+ "environment variable (or --celesto.api-key)");
		}
		if (celesto.isDisableAutoTracing()) {
			throw new InvalidConfigurationPropertyValueException("celesto.disable-auto-tracing", true,
					"the celesto profile sends traces to Celesto: leave celesto.disable-auto-tracing false");
		}
	}

}
