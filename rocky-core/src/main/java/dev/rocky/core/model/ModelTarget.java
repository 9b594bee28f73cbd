package dev.rocky.core.model;

import java.util.Objects;

/**
 * A model's target table ({@code target} in compile's {@code models_detail[]}, schema
 * {@code TargetConfig}; {@code [target]} in a model sidecar).
 *
 * @param catalog the catalog (database)
 * @param schema the schema
 * @param table the table
 */
public record ModelTarget(String catalog, String schema, String table) {

    /** Rejects {@code null} parts. */
    public ModelTarget {
        Objects.requireNonNull(catalog, "catalog is null");
        Objects.requireNonNull(schema, "schema is null");
        Objects.requireNonNull(table, "table is null");
    }

    /** @return {@code catalog.schema.table} */
    public String fullName() {
        return catalog + "." + schema + "." + table;
    }
}
