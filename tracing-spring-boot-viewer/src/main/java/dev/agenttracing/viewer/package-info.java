/**
 * The trace viewer: a page and a read-only JSON API, served by the application itself,
 * that show the JSONL trace files as sessions, runs and a waterfall of tool and model
 * calls. Off unless {@code tracing.viewer.enabled=true}.
 */
@NullMarked
package dev.agenttracing.viewer;

import org.jspecify.annotations.NullMarked;
