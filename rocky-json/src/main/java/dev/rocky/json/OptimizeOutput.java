package dev.rocky.json;

import dev.rocky.core.model.OptimizeRecommendation;
import dev.rocky.core.model.OptimizeResult;
import java.util.List;

/**
 * {@code rocky optimize --output json} (schema {@code optimize.schema.json}, title
 * {@code OptimizeOutput}).
 *
 * @param version engine version (required)
 * @param command {@code "optimize"} (required)
 * @param recommendations one per analysed model (required)
 * @param totalModelsAnalyzed number of models analysed (required)
 */
public record OptimizeOutput(
        @Required String version,
        @Required String command,
        @Required List<RecommendationOutput> recommendations,
        @Required Long totalModelsAnalyzed) {

    /**
     * {@code OptimizeRecommendation}.
     *
     * @param modelName model (required)
     * @param currentStrategy strategy in use (required)
     * @param recommendedStrategy recommended strategy (required)
     * @param estimatedMonthlySavings USD per month (required)
     * @param reasoning why (required)
     */
    public record RecommendationOutput(
            @Required String modelName,
            @Required String currentStrategy,
            @Required String recommendedStrategy,
            @Required Double estimatedMonthlySavings,
            @Required String reasoning) {
    }

    /** @return the domain value */
    public OptimizeResult toDomain() {
        return new OptimizeResult(version, recommendations.stream()
                .map(r -> recommendation(r.modelName(), r.currentStrategy(), r.recommendedStrategy(), r.estimatedMonthlySavings(),
                        r.reasoning()))
                .toList());
    }

    /**
     * @return the domain's recommendation of a {@code RecommendationOutput}'s fields
     *     ({@link #toDomain()}'s, and {@link SlotReader#optimizeResult}'s, which makes no DTO of it)
     */
    static OptimizeRecommendation recommendation(String modelName, String currentStrategy, String recommendedStrategy,
            Double estimatedMonthlySavings, String reasoning) {
        return new OptimizeRecommendation(modelName, currentStrategy, recommendedStrategy, estimatedMonthlySavings, reasoning);
    }
}
