package dev.rocky.core.discover;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The pipeline-level checks configuration projected into discover's output ({@code checks},
 * schema {@code ChecksConfigOutput}).
 *
 * @param freshnessThresholdSeconds {@code checks.freshness.threshold_seconds}, when configured
 * @param configuredChecks non-default checks by unqualified table name; copied
 */
public record ChecksConfig(OptionalLong freshnessThresholdSeconds, Map<String, List<ConfiguredCheck>> configuredChecks) {

    /** Copies the map. */
    public ChecksConfig {
        Objects.requireNonNull(freshnessThresholdSeconds, "freshnessThresholdSeconds is null");
        configuredChecks = Map.copyOf(configuredChecks);
    }
}
