package dev.rocky.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Column-level lineage of one asset, as Dagster's {@code TableColumnLineage}: for each of its
 * columns, the upstream asset columns it is computed from. Built from {@code rocky dag
 * --column-lineage}'s {@code column_lineage} edges and carried as the
 * {@code dagster/column_lineage} metadata value.
 *
 * @param depsByColumn column name → its upstream columns, in the order rocky reported them; copied
 */
public record TableColumnLineage(Map<String, List<ColumnDep>> depsByColumn) {

    /** Copies the map and its lists, keeping their order. */
    public TableColumnLineage {
        Map<String, List<ColumnDep>> copy = new LinkedHashMap<>(depsByColumn.size() * 4 / 3 + 1);
        depsByColumn.forEach((column, deps) -> copy.put(Objects.requireNonNull(column, "column is null"), List.copyOf(deps)));
        depsByColumn = Collections.unmodifiableMap(copy);
    }

    /**
     * One upstream column, as Dagster's {@code TableColumnDep}.
     *
     * @param asset the upstream asset's key
     * @param column the upstream column's name
     */
    public record ColumnDep(AssetKey asset, String column) {
        /** Rejects {@code null} parts. */
        public ColumnDep {
            Objects.requireNonNull(asset, "asset is null");
            Objects.requireNonNull(column, "column is null");
        }
    }
}
