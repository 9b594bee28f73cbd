package dev.rocky.core.service;

import dev.rocky.core.run.RunOptions;
import dev.rocky.core.spec.AssetSpec;
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
 */
record RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline, java.util.Optional<String> tenantPartition) {

    /** A call outside the tenant collapse. */
    RunCall(RunOptions options, List<AssetSpec> serves, boolean wholePipeline) {
        this(options, serves, wholePipeline, java.util.Optional.empty());
    }

    /** @return {@code rocky run} and its arguments, secrets masked, for messages */
    String describe() {
        return "rocky run " + String.join(" ", RunOptions.mask(options.arguments()));
    }
}
