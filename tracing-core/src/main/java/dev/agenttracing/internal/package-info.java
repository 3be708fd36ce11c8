/**
 * Helpers shared by the project's own packages. Not API: names and behaviour may change
 * in any release.
 */
@NullMarked
package dev.agenttracing.internal;

import org.jspecify.annotations.NullMarked;
