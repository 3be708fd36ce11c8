/**
 * The sample application: a traced "Support Agent" ({@code agent}) behind an HTTP API
 * ({@code web}).
 */
@NullMarked
package dev.agenttracing.sample;

import org.jspecify.annotations.NullMarked;
