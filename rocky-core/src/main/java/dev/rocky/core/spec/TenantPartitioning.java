package dev.rocky.core.spec;

import java.util.Objects;

/**
 * The tenant-as-partition collapse (defs.yaml {@code tenant}, the reference's {@code TenantConfig}):
 * discovered sources that differ only by one schema-pattern component collapse into one asset per
 * {@code (source_type, other components, table)}, partitioned by a dynamic partitions definition
 * whose keys are the tenants' values.
 *
 * @param component the tenant component, e.g. {@code client}
 * @param partitionsName the dynamic partitions definition's name, e.g. {@code rocky_clients}
 * @param syncPartitionsFromDiscover {@code sync_partitions_from_discover} (default true): the
 *     discover sensor adds an unseen tenant as a new partition key (otherwise it skips the source and
 *     keeps its cursor)
 * @param scopeRunsToSelection {@code scope_runs_to_selection} (default false): a partition runs one
 *     {@code --filter id=<source id>} per selected source of that tenant instead of the tenant-wide
 *     {@code --filter <component>=<value>}
 */
public record TenantPartitioning(String component, String partitionsName, boolean syncPartitionsFromDiscover,
        boolean scopeRunsToSelection) {

    /** Rejects {@code null} and blank names. */
    public TenantPartitioning {
        Objects.requireNonNull(component, "component is null");
        Objects.requireNonNull(partitionsName, "partitionsName is null");
        if (component.isBlank() || partitionsName.isBlank()) {
            throw new IllegalArgumentException("tenant component and partitions_name must not be blank");
        }
    }
}
