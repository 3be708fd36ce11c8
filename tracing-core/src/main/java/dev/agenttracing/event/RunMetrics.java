package dev.agenttracing.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A finished run's measurements: written as {@code metrics} with Definable's names
 * ({@code input_tokens}, {@code output_tokens}, {@code total_tokens}, {@code duration} in
 * seconds).
 *
 * @param usage the tokens the run used, if known
 * @param duration how long the run took, in microseconds precision
 */
public record RunMetrics(@Nullable TokenUsage usage, Duration duration) {
}
