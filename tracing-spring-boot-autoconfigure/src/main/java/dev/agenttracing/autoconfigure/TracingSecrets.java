package dev.agenttracing.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.agenttracing.ContentPolicy;

/**
 * The secrets the configuration holds: the Celesto API key and the
 * {@code tracing.redaction.literals}. They are redacted literally from everything
 * captured and masked by Actuator.
 */
final class TracingSecrets {

	private TracingSecrets() {
	}

	/**
	 * The configured secrets that are long enough to be redacted literally.
	 * @param environment the environment
	 * @return the secrets, each once
	 */
	static List<String> literals(Environment environment) {
		List<String> literals = new ArrayList<>();
		Binder.get(environment)
			.bind("tracing.redaction.literals", Bindable.listOf(String.class))
			.ifBound((values) -> values.forEach((value) -> add(literals, value)));
		add(literals, environment.getProperty("celesto.api-key"));
		return literals;
	}

	private static void add(List<String> literals, @Nullable String value) {
		String secret = (value != null) ? value.trim() : null;
		if (secret != null && secret.length() >= ContentPolicy.MIN_LITERAL_LENGTH && !literals.contains(secret)) {
			literals.add(secret);
		}
	}

	/**
	 * Whether a property of this name holds a secret: {@code celesto.api-key} (also as
	 * {@code CELESTO_API_KEY} or, in a configuration properties report, {@code apiKey})
	 * and the {@code tracing.redaction.literals}.
	 * @param name the property's name in any form
	 * @return whether its value must be masked
	 */
	static boolean isSecretProperty(String name) {
		String plain = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
		return plain.endsWith("apikey") || plain.contains("redactionliterals") || plain.startsWith("literals");
	}

}
