package dev.rocky.core.run;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.MetadataValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a materialization reports to the orchestrator, one event per table, check or observation,
 * keyed by the orchestrator's asset keys (the translator's), never the engine's. The three kinds
 * mirror Dagster's {@code MaterializeResult}, {@code AssetCheckResult} and
 * {@code AssetObservation}. A run that went through plan-then-apply carries its plan id as
 * {@code rocky/plan_id} metadata on every event it produced.
 */
public sealed interface RunEvent {

    /** The metadata key carrying the plan id an event came from. */
    String PLAN_ID = MetadataKeys.ROCKY_PLAN_ID;

    /**
     * The metadata key that marks a zero-row materialization {@code satisfy_empty_outputs} reported
     * for an asset the run did not copy (the reference's {@code EMPTY_FOR_PARTITION_METADATA_KEY}).
     */
    String EMPTY_FOR_PARTITION = MetadataKeys.ROCKY_EMPTY_FOR_PARTITION;

    /** @return the asset the event is about */
    AssetKey asset();

    /** @return the event's metadata, in insertion order */
    Map<String, MetadataValue> metadata();

    /** @return the event's type as JSON Lines prints it: {@code materialization}, {@code check} or {@code observation} */
    String type();

    /**
     * A table, model or partition was materialized.
     *
     * @param asset the asset
     * @param partition the orchestrator's partition key, for partitioned assets
     * @param metadata {@code dagster-rocky/strategy}, {@code dagster-rocky/duration_ms},
     *     {@code dagster-rocky/rows_copied}, {@code dagster-rocky/watermark},
     *     {@code dagster-rocky/target_table_full_name}, {@code dagster-rocky/sql_hash},
     *     {@code dagster-rocky/column_count}, {@code dagster-rocky/compile_time_ms},
     *     {@code dagster/row_count}, {@code dagster/duration_ms} (those the run printed); copied
     */
    record MaterializeResult(AssetKey asset, Optional<String> partition, Map<String, MetadataValue> metadata) implements RunEvent {
        /** Copies the metadata, keeping order. */
        public MaterializeResult {
            Objects.requireNonNull(asset, "asset is null");
            Objects.requireNonNull(partition, "partition is null");
            metadata = copy(metadata);
        }

        @Override
        public String type() {
            return "materialization";
        }
    }

    /**
     * A check ran (or was accounted for) on an asset.
     *
     * @param asset the asset the check is declared on
     * @param checkName the check's name, e.g. {@code row_count}
     * @param passed whether it passed
     * @param severity how much a failure matters
     * @param metadata the check's details; copied
     * @param partition the partition the check ran for, when the run served one (a tenant partition
     *     under the tenant collapse, whose checks are partitioned with their asset)
     */
    record AssetCheckResult(AssetKey asset, String checkName, boolean passed, CheckSeverity severity,
            Map<String, MetadataValue> metadata, Optional<String> partition) implements RunEvent {
        /** Copies the metadata, keeping order. */
        public AssetCheckResult {
            Objects.requireNonNull(asset, "asset is null");
            Objects.requireNonNull(checkName, "checkName is null");
            Objects.requireNonNull(severity, "severity is null");
            metadata = copy(metadata);
            Objects.requireNonNull(partition, "partition is null");
        }

        /**
         * A check result of no partition.
         *
         * @param asset the asset the check is declared on
         * @param checkName the check's name
         * @param passed whether it passed
         * @param severity how much a failure matters
         * @param metadata the check's details
         */
        public AssetCheckResult(AssetKey asset, String checkName, boolean passed, CheckSeverity severity,
                Map<String, MetadataValue> metadata) {
            this(asset, checkName, passed, severity, metadata, Optional.empty());
        }

        /**
         * @param p the partition the check ran for
         * @return this result for that partition
         */
        public AssetCheckResult withPartition(Optional<String> p) {
            return new AssetCheckResult(asset, checkName, passed, severity, metadata, p);
        }

        @Override
        public String type() {
            return "check";
        }
    }

    /**
     * Something was seen about an asset without materializing it: schema drift, a model withheld
     * behind a failed upstream, a retention status.
     *
     * @param asset the asset
     * @param metadata what was seen; copied
     */
    record AssetObservation(AssetKey asset, Map<String, MetadataValue> metadata) implements RunEvent {
        /** Copies the metadata, keeping order. */
        public AssetObservation {
            Objects.requireNonNull(asset, "asset is null");
            metadata = copy(metadata);
        }

        @Override
        public String type() {
            return "observation";
        }
    }

    private static Map<String, MetadataValue> copy(Map<String, MetadataValue> metadata) {
        return dev.rocky.core.spec.Maps.orderedCopy(metadata); // shared, not copied again, when it already is such a copy
    }
}
