package dev.agenttracing.autoconfigure;

import java.net.URI;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import dev.agenttracing.export.celesto.CelestoExporter;

/**
 * Auto-configuration that sends traces to Celesto when {@code celesto.api-key} (or
 * {@code CELESTO_API_KEY}) is set and automatic tracing is not disabled: a
 * {@link CelestoExporter} bean, which the tracer batches as it declares
 * ({@code celesto.max-batch-size} items or after {@code celesto.batch-delay}). A user's
 * own {@code CelestoExporter} bean replaces it; {@code tracing.enabled=false} switches it
 * off. The {@code celesto.*} properties are checked at start-up either way. Batches that
 * Celesto cannot take now wait in a disk spool ({@code celesto.spool.*}, by default
 * {@code .spool/celesto} under {@code tracing.jsonl.dir}) and are sent later.
 */
@AutoConfiguration(before = TracingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ CelestoProperties.class, TracingProperties.class })
public final class CelestoAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnCelestoAutoTracingCondition.class)
	CelestoExporter celestoExporter(CelestoProperties properties, TracingProperties tracing) {
		return properties.exporterBuilder().spool(properties.spoolSettings(tracing.getJsonl().getDir())).build();
	}

}
