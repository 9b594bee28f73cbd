package dev.rocky.core.model;

import java.util.Objects;

/**
 * One strategy recommendation ({@code recommendations[]} in {@code rocky optimize}'s output, schema
 * {@code OptimizeRecommendation}).
 *
 * @param modelName the model it is about
 * @param currentStrategy the strategy in use
 * @param recommendedStrategy the strategy the engine recommends
 * @param estimatedMonthlySavings estimated savings in USD per month
 * @param reasoning why, in one line
 */
public record OptimizeRecommendation(
        String modelName,
        String currentStrategy,
        String recommendedStrategy,
        double estimatedMonthlySavings,
        String reasoning) {

    /** Rejects {@code null} parts. */
    public OptimizeRecommendation {
        Objects.requireNonNull(modelName, "modelName is null");
        Objects.requireNonNull(currentStrategy, "currentStrategy is null");
        Objects.requireNonNull(recommendedStrategy, "recommendedStrategy is null");
        Objects.requireNonNull(reasoning, "reasoning is null");
    }
}
