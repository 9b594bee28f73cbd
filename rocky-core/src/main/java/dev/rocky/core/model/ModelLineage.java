package dev.rocky.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rocky lineage <model> --models <dir>} reported for one model (lineage.schema.json,
 * {@code LineageOutput}, the model form): the column edges into and out of it.
 *
 * @param model the model asked about
 * @param edges every column edge rocky reported; copied
 */
public record ModelLineage(String model, List<Edge> edges) {

    /** Copies the list; rejects {@code null}. */
    public ModelLineage {
        Objects.requireNonNull(model, "model is null");
        edges = List.copyOf(edges);
    }

    /**
     * One column edge ({@code LineageEdgeRecord}).
     *
     * @param sourceModel the upstream model (or table)
     * @param sourceColumn the upstream column
     * @param targetModel the downstream model
     * @param targetColumn the downstream column
     * @param transform how the value is derived, e.g. {@code direct} or {@code aggregation: sum}
     */
    public record Edge(String sourceModel, String sourceColumn, String targetModel, String targetColumn, String transform) {
        /** Rejects {@code null}. */
        public Edge {
            Objects.requireNonNull(sourceModel, "sourceModel is null");
            Objects.requireNonNull(sourceColumn, "sourceColumn is null");
            Objects.requireNonNull(targetModel, "targetModel is null");
            Objects.requireNonNull(targetColumn, "targetColumn is null");
            Objects.requireNonNull(transform, "transform is null");
        }
    }
}
