package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;

/**
 * {@code rocky lineage <model> --column <c> [--downstream]} (schema
 * {@code column_lineage.schema.json}): one column's trace through the models.
 *
 * @param version engine version
 * @param model the model
 * @param column the column
 * @param direction {@code upstream} or {@code downstream}
 * @param trace each edge, source to target; copied
 * @param downstreamConsumers with {@code --downstream}: the columns that read it; copied
 */
public record ColumnTrace(String version, String model, String column, String direction, List<Edge> trace,
        List<Column> downstreamConsumers) {

    /** Copies lists; rejects {@code null}. */
    public ColumnTrace {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(column, "column is null");
        trace = List.copyOf(trace);
        downstreamConsumers = List.copyOf(downstreamConsumers);
    }

    /**
     * {@code LineageQualifiedColumn}.
     *
     * @param model the model (or source table)
     * @param column the column
     */
    public record Column(String model, String column) {
    }

    /**
     * {@code LineageEdgeRecord}.
     *
     * @param source where the value comes from
     * @param target where it goes
     * @param transform how ({@code direct}, {@code aggregation: sum}, …)
     */
    public record Edge(Column source, Column target, String transform) {
    }
}
