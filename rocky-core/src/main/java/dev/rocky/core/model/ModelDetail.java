package dev.rocky.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One compiled model ({@code models_detail[]} in {@code rocky compile}'s output, schema
 * {@code ModelDetail}).
 *
 * @param name the model name
 * @param strategy its materialization strategy
 * @param target its target table
 * @param dependsOn names of the models it reads from; copied
 * @param freshnessMaxLagSeconds {@code freshness.max_lag_seconds}, when declared
 * @param tags the model's governance tags; copied, order kept
 */
public record ModelDetail(
        String name,
        ModelStrategy strategy,
        ModelTarget target,
        List<String> dependsOn,
        OptionalLong freshnessMaxLagSeconds,
        Map<String, String> tags) {

    /** Copies collections. */
    public ModelDetail {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(strategy, "strategy is null");
        Objects.requireNonNull(target, "target is null");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(freshnessMaxLagSeconds, "freshnessMaxLagSeconds is null");
        tags = tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
