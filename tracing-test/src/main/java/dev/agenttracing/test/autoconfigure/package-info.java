/**
 * Spring Boot test support:
 * {@link dev.agenttracing.test.autoconfigure.AutoConfigureAgentTracing} on a
 * {@code @SpringBootTest} captures the traces of each test in memory.
 */
@NullMarked
package dev.agenttracing.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
