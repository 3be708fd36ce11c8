package dev.agenttracing.autoconfigure;

import dev.agenttracing.AgentTracer;

/**
 * Customizes the {@link AgentTracer.Builder} of the auto-configured tracer after the
 * properties, exporters and filters have been applied. Customizer beans are applied in
 * their order.
 *
 * <pre class="code">
 * &#64;Bean
 * AgentTracerBuilderCustomizer auditExporter(AuditLog auditLog) {
 *     return (builder) -&gt; builder.exporter("audit", new AuditExporter(auditLog));
 * }
 * </pre>
 */
@FunctionalInterface
public interface AgentTracerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(AgentTracer.Builder builder);

}
