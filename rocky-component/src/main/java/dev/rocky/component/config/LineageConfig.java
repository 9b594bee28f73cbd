package dev.rocky.component.config;

import java.util.Objects;

/**
 * Column lineage.
 *
 * @param surfaceColumnLineage {@code surface_column_lineage} (default false)
 * @param at {@code column_lineage_at} (rocky-java): when {@code rocky lineage} runs
 * @param concurrency {@code column_lineage_concurrency} (rocky-java; default 8): the most
 *     {@code rocky lineage} processes at once
 */
public record LineageConfig(boolean surfaceColumnLineage, At at, int concurrency) {

    /** {@code column_lineage_at}. */
    public enum At {
        /** {@code load} (default, the reference's behaviour): {@code rocky lineage} per model on every load. */
        LOAD,
        /** {@code refresh}: captured into the state, so loads stay call-free. */
        REFRESH
    }

    /** Rejects {@code null} and a concurrency outside 1–64. */
    public LineageConfig {
        Objects.requireNonNull(at, "at is null");
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("concurrency must be 1–64, got " + concurrency);
        }
    }

    /** @return whether column lineage is captured at refresh */
    public boolean atRefresh() {
        return surfaceColumnLineage && at == At.REFRESH;
    }

    /** @return whether column lineage is collected at every load */
    public boolean atLoad() {
        return surfaceColumnLineage && at == At.LOAD;
    }
}
