package dev.rocky.core.service;

import dev.rocky.core.run.RunOptions;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.RunTarget;
import java.util.List;

/**
 * One rocky run a materialization makes and the selected assets it serves.
 *
 * @param options the run's flags
 * @param serves the selected assets the run materializes
 * @param wholePipeline whether every materialization of the run counts for each served asset (a
 *     DAG source or load node)
 * @param tenantPartition the tenant partition key the run serves (the tenant collapse): its
 *     events carry it as their partition
 * @param targets the run target of each served asset, in the order of {@code serves}, as the plan
 *     found them; empty when the plan did not keep them (they are looked up by key then)
 * @param positions the position in the graph's assets of each served asset, in the order of
 *     {@code serves}, as the plan resolved them; empty when the plan did not keep them (the
 *     ledger looks each up by key then); not copied, never changed
 */
record RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline, java.util.Optional<String> tenantPartition,
        List<RunTarget> targets, int[] positions) {

    /** Rejects targets or positions that do not match the served assets one for one. */
    RunCall {
        if (!targets.isEmpty() && targets.size() != serves.size()) {
            throw new IllegalArgumentException(targets.size() + " run targets for " + serves.size() + " served assets");
        }
        if (positions.length != 0 && positions.length != serves.size()) {
            throw new IllegalArgumentException(positions.length + " positions for " + serves.size() + " served assets");
        }
    }

    /** A call whose served assets' positions are looked up by key. */
    RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline, java.util.Optional<String> tenantPartition,
            List<RunTarget> targets) {
        this(options, serves, wholePipeline, tenantPartition, targets, new int[0]);
    }

    /** A call whose served assets' run targets and positions are looked up by key. */
    RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline, java.util.Optional<String> tenantPartition) {
        this(options, serves, wholePipeline, tenantPartition, List.of());
    }

    /** A call outside the tenant collapse. */
    RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline) {
        this(options, serves, wholePipeline, java.util.Optional.empty());
    }

    /**
     * @param served an index into {@link #serves()}
     * @return that asset's position in the graph's assets, or -1 when the plan did not keep it
     */
    int positionOf(int served) {
        return positions.length == 0 ? -1 : positions[served];
    }

    /** @return {@code rocky run} and its arguments, secrets masked, for messages */
    String describe() {
        return "rocky run " + String.join(" ", RunOptions.mask(options.arguments()));
    }
}
