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
 */
public record SensorTick(List<RunRequest> runRequests, List<String> skipped, SensorCursor cursor, Optional<String> skipReason,
        boolean ran) {

    /** Copies; rejects {@code null}. */
    public SensorTick {
        runRequests = List.copyOf(runRequests);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(cursor, "cursor is null");
        Objects.requireNonNull(skipReason, "skipReason is null");
    }
}
