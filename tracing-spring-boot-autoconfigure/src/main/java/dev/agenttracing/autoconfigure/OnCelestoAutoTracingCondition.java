package dev.agenttracing.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when traces go to Celesto automatically: {@code celesto.api-key} (or
 * {@code CELESTO_API_KEY}) is set and {@code celesto.disable-auto-tracing} (or
 * {@code CELESTO_DISABLE_AUTO_TRACING}) is not true.
 */
class OnCelestoAutoTracingCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Celesto auto tracing");
		Binder binder = Binder.get(context.getEnvironment());
		String apiKey = binder.bind("celesto.api-key", String.class).orElse(null);
		if (!StringUtils.hasText(apiKey)) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items("celesto.api-key"));
		}
		if (binder.bind("celesto.disable-auto-tracing", Boolean.class).orElse(false)) {
			return ConditionOutcome.noMatch(message.because("celesto.disable-auto-tracing is true"));
		}
		return ConditionOutcome.match(message.because("celesto.api-key is set"));
	}

}
