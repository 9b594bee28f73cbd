package dev.rocky.core.spec;

import java.util.Objects;

/**
 * A typed asset metadata value, as Dagster's {@code MetadataValue}: text, integer, float, boolean,
 * null, or column lineage. Rendered by the CLI as the matching JSON scalar (column lineage as an
 * object, see {@link ColumnLineage}).
 */
public sealed interface MetadataValue {

    /** The null value, for a field the engine reported as absent (e.g. {@code last_sync_at: null}). */
    MetadataValue NULL = new Null();

    /**
     * @param value a string
     * @return a text value
     */
    static MetadataValue text(String value) {
        return new Text(value);
    }

    /**
     * @param value an integer
     * @return an integer value
     */
    static MetadataValue integer(long value) {
        return new IntValue(value);
    }

    /**
     * @param value a string or {@code null}
     * @return a text value, or {@link #NULL}
     */
    static MetadataValue textOrNull(String value) {
        return value == null ? NULL : new Text(value);
    }

    /**
     * Text, e.g. a source id.
     *
     * @param value the text
     */
    record Text(String value) implements MetadataValue {
        /** Rejects {@code null}; use {@link MetadataValue#NULL}. */
        public Text {
            Objects.requireNonNull(value, "value is null");
        }
    }

    /**
     * A whole number, e.g. a row count.
     *
     * @param value the number
     */
    record IntValue(long value) implements MetadataValue {
    }

    /**
     * A floating-point number, e.g. estimated savings in USD.
     *
     * @param value the number
     */
    record FloatValue(double value) implements MetadataValue {
    }

    /**
     * A boolean.
     *
     * @param value the flag
     */
    record BoolValue(boolean value) implements MetadataValue {
    }

    /**
     * @param lineage an asset's column lineage
     * @return a column-lineage value
     */
    static MetadataValue columnLineage(TableColumnLineage lineage) {
        return new ColumnLineage(lineage);
    }

    /**
     * Column-level lineage ({@code dagster/column_lineage}); the CLI's JSON gives it as
     * {@code {"deps_by_column": {"<column>": [{"asset_key": [...], "column_name": "..."}]}}}.
     *
     * @param lineage the lineage
     */
    record ColumnLineage(TableColumnLineage lineage) implements MetadataValue {
        /** Rejects {@code null}. */
        public ColumnLineage {
            Objects.requireNonNull(lineage, "lineage is null");
        }
    }

    /** The absent value. Use {@link MetadataValue#NULL}. */
    record Null() implements MetadataValue {
    }
}
