package dev.rocky.core.model;

import dev.rocky.core.spec.TimeGrain;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's materialization strategy ({@code strategy} in compile's {@code models_detail[]},
 * schema {@code StrategyConfig}; {@code [strategy]} in a sidecar). Only the fields the asset graph
 * uses are kept: the type, and for {@code time_interval} its grain, time column and first partition.
 *
 * @param type the strategy's {@code type}, e.g. {@code full_refresh}, {@code incremental},
 *     {@code merge}, {@code time_interval}
 * @param granularity the partition grain of a {@code time_interval} (or {@code microbatch}) strategy
 * @param timeColumn the partition column of a {@code time_interval} strategy
 * @param firstPartition the first partition key in rocky's canonical form, when declared
 */
public record ModelStrategy(
        String type, Optional<TimeGrain> granularity, Optional<String> timeColumn, Optional<String> firstPartition) {

    /** Rejects {@code null} parts. */
    public ModelStrategy {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(granularity, "granularity is null");
        Objects.requireNonNull(timeColumn, "timeColumn is null");
        Objects.requireNonNull(firstPartition, "firstPartition is null");
    }

    /**
     * @param type the strategy type
     * @return a strategy with no partitioning
     */
    public static ModelStrategy of(String type) {
        return new ModelStrategy(type, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
