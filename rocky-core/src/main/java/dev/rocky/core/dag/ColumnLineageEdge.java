package dev.rocky.core.dag;

import java.util.Objects;

/**
 * One column-level lineage edge ({@code column_lineage[]} in {@code rocky dag --column-lineage},
 * schema {@code LineageEdgeRecord}): {@code targetModel.targetColumn} is computed from
 * {@code sourceModel.sourceColumn}.
 *
 * @param sourceModel the upstream model (or table) name
 * @param sourceColumn the upstream column
 * @param targetModel the downstream model name
 * @param targetColumn the downstream column
 * @param transform {@code direct}, {@code cast}, {@code expression}, …
 */
public record ColumnLineageEdge(String sourceModel, String sourceColumn, String targetModel, String targetColumn, String transform) {

    /** Rejects {@code null} parts. */
    public ColumnLineageEdge {
        Objects.requireNonNull(sourceModel, "sourceModel is null");
        Objects.requireNonNull(sourceColumn, "sourceColumn is null");
        Objects.requireNonNull(targetModel, "targetModel is null");
        Objects.requireNonNull(targetColumn, "targetColumn is null");
        Objects.requireNonNull(transform, "transform is null");
    }
}
