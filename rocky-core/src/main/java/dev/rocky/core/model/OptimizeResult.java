package dev.rocky.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rocky optimize --output json} reports (schema {@code OptimizeOutput}).
 *
 * @param version the engine version that printed it
 * @param recommendations one per analysed model; copied
 */
public record OptimizeResult(String version, List<OptimizeRecommendation> recommendations) {

    /** Copies the list. */
    public OptimizeResult {
        Objects.requireNonNull(version, "version is null");
        recommendations = List.copyOf(recommendations);
    }
}
