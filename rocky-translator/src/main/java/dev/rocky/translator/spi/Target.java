package dev.rocky.translator.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model's target table ({@code compile.models_detail[].target}, {@code dag.nodes[].target}).
 *
 * @param catalog the catalog, possibly blank
 * @param schema the schema, possibly blank
 * @param table the table, possibly blank
 */
public record Target(String catalog, String schema, String table) {
    /** Rejects {@code null} parts. */
    public Target {
        Objects.requireNonNull(catalog, "catalog is null");
        Objects.requireNonNull(schema, "schema is null");
        Objects.requireNonNull(table, "table is null");
    }

    /** @return {@code catalog.schema.table} */
    public String fullName() {
        return catalog + "." + schema + "." + table;
    }

    /** @return {@code [catalog, schema, table]} without the blank parts; empty when all are blank */
    public List<String> path() {
        List<String> path = new ArrayList<>(3);
        for (String part : new String[] {catalog, schema, table}) {
            if (!part.isBlank()) {
                path.add(part);
            }
        }
        return path;
    }
}
