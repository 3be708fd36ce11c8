package dev.agenttracing.autoconfigure;

import java.util.List;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that keeps the secrets of tracing out of Actuator: a
 * {@link SanitizingFunction} masks {@code celesto.api-key} (however it is spelled or set,
 * also {@code CELESTO_API_KEY}), the {@code tracing.redaction.literals}, and any other
 * property whose value holds one of them, in the {@code env} and {@code configprops}
 * endpoints, also with {@code show-values=always}. Active whether or not tracing is
 * enabled, since the key is in the configuration either way.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class TracingSecretsAutoConfiguration {

	@Bean
	SanitizingFunction agentTracingSecretsSanitizingFunction(Environment environment) {
		List<String> secrets = TracingSecrets.literals(environment);
		return (data) -> holdsSecret(data, secrets) ? data.withSanitizedValue() : data;
	}

	private static boolean holdsSecret(SanitizableData data, List<String> secrets) {
		if (TracingSecrets.isSecretProperty(data.getKey())) {
			return true;
		}
		Object value = data.getValue();
		if (value == null) {
			return false;
		}
		String text = value.toString();
		for (String secret : secrets) {
			if (text.contains(secret)) {
				return true;
			}
		}
		return false;
	}

}
