package dev.rocky.core.sensor;

import dev.rocky.core.spec.AssetKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run the sensor asks for (the reference's {@code RunRequest}): the assets to materialize, the
 * filter a {@code rocky run} for them takes, and tags that say why.
 *
 * @param runKey {@code <source id>-<sync time>} (per source) or {@code <group>-<latest sync time>}
 *     (per group): the same sync never asks twice
 * @param assetKeys the assets to materialize; copied
 * @param filter the {@code rocky run --filter} that selects exactly these sources
 *     ({@code id=<source id>}, or a group's component filter), when there is one
 * @param tags {@code rocky/source_id} or {@code rocky/group}, and {@code rocky/sync_at}; copied
 * @param partitionKey the partition to run, for a partitioned asset (none yet: tenant partitions
 *     are not built)
 */
public record RunRequest(String runKey, List<AssetKey> assetKeys, Optional<String> filter, Map<String, String> tags,
        Optional<String> partitionKey) {

    /** Copies; rejects {@code null}. */
    public RunRequest {
        Objects.requireNonNull(runKey, "runKey is null");
        assetKeys = List.copyOf(assetKeys);
        Objects.requireNonNull(filter, "filter is null");
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        Objects.requireNonNull(partitionKey, "partitionKey is null");
    }
}
