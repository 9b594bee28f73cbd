package dev.rocky.translator.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A node of {@code rocky dag} as a translator sees it.
 *
 * @param id the node id, e.g. {@code transformation:stg_orders}
 * @param kind {@code source}, {@code load}, {@code transformation}, {@code seed}, {@code quality},
 *     {@code snapshot}, or a kind a later engine adds
 * @param label the node's label
 * @param pipeline the pipeline it belongs to, when it belongs to one
 * @param target the table a transformation writes, when it has one
 */
public record DagNodeView(String id, String kind, String label, Optional<String> pipeline, Optional<Target> target) {
    /** Rejects {@code null} parts. */
    public DagNodeView {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(pipeline, "pipeline is null");
        Objects.requireNonNull(target, "target is null");
    }
}
