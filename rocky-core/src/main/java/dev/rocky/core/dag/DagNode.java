package dev.rocky.core.dag;

import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node of the unified pipeline graph ({@code nodes[]} in {@code rocky dag --output json},
 * schema {@code DagNodeOutput}).
 *
 * @param id the unique id, {@code <kind>:<name>}, e.g. {@code transformation:stg_orders}
 * @param kind {@code source}, {@code load}, {@code transformation}, {@code quality},
 *     {@code snapshot}, {@code seed}, {@code test} or {@code replication}
 * @param label the human-readable label, usually the pipeline or model name
 * @param pipeline the pipeline in {@code rocky.toml}, when the node belongs to one
 * @param target the target table (transformation, seed, load and snapshot nodes)
 * @param strategy the materialization strategy (transformation nodes)
 * @param dependsOn ids of the nodes it reads from; copied
 * @param freshnessMaxLagSeconds {@code freshness.max_lag_seconds}, when the model sidecar declares one
 * @param partitionShape the partition grain of a time-interval node, as the engine spells it
 *     ({@code hour}, {@code day}, {@code month}, {@code year}; older engines print {@code daily} …)
 * @param firstPartition {@code partition_shape.first_partition}, when declared
 */
public record DagNode(
        String id,
        String kind,
        String label,
        Optional<String> pipeline,
        Optional<ModelTarget> target,
        Optional<ModelStrategy> strategy,
        List<String> dependsOn,
        OptionalLong freshnessMaxLagSeconds,
        Optional<String> partitionShape,
        Optional<String> firstPartition) {

    /** Rejects {@code null} parts and copies the list. */
    public DagNode {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(pipeline, "pipeline is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(strategy, "strategy is null");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(freshnessMaxLagSeconds, "freshnessMaxLagSeconds is null");
        Objects.requireNonNull(partitionShape, "partitionShape is null");
        Objects.requireNonNull(firstPartition, "firstPartition is null");
    }
}
