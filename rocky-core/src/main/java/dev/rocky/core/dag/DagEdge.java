package dev.rocky.core.dag;

import java.util.Objects;

/**
 * A directed edge of the unified graph ({@code edges[]} in {@code rocky dag}, schema
 * {@code DagEdgeOutput}).
 *
 * @param from the upstream node id
 * @param to the downstream node id
 * @param edgeType {@code data}, {@code check} or {@code governance}
 */
public record DagEdge(String from, String to, String edgeType) {

    /** Rejects {@code null} parts. */
    public DagEdge {
        Objects.requireNonNull(from, "from is null");
        Objects.requireNonNull(to, "to is null");
        Objects.requireNonNull(edgeType, "edgeType is null");
    }
}
