package dev.rocky.core.sensor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one tick decided.
 *
 * @param runRequests the runs to hand out, in source order; copied
 * @param skipped why a synced source got no request (not in the graph, suppressed by the backlog
 *     cap), one line each; copied
 * @param cursor the cursor to store once the requests are handed out
 * @param skipReason why the tick asked for nothing, when it did not
 * @param ran whether discover ran (false for a tick within the minimum interval, whose cursor is
 *     the stored one and need not be stored again)
 * @param addedPartitions tenant partition keys the requests use that the graph does not know yet
 *     (the reference's dynamic-partitions request: add them to the orchestrator's partition set
 *     with the runs); copied
 */
public record SensorTick(List<RunRequest> runRequests, List<String> skipped, SensorCursor cursor, Optional<String> skipReason,
        boolean ran, List<String> addedPartitions) {

    /** Copies; rejects {@code null}. */
    public SensorTick {
        runRequests = List.copyOf(runRequests);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(cursor, "cursor is null");
        Objects.requireNonNull(skipReason, "skipReason is null");
        addedPartitions = List.copyOf(addedPartitions);
    }

    /**
     * A tick that adds no partition.
     *
     * @param runRequests the runs to hand out
     * @param skipped why a synced source got no request
     * @param cursor the cursor to store
     * @param skipReason why the tick asked for nothing
     * @param ran whether discover ran
     */
    public SensorTick(List<RunRequest> runRequests, List<String> skipped, SensorCursor cursor, Optional<String> skipReason,
            boolean ran) {
        this(runRequests, skipped, cursor, skipReason, ran, List.of());
    }
}
