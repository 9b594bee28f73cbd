package dev.rocky.core.spec;

import java.util.Objects;

/**
 * A typed asset metadata value, as Dagster's {@code MetadataValue}: text, integer, float, boolean or
 * null. Rendered by the CLI as the matching JSON scalar.
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

    /** The absent value. Use {@link MetadataValue#NULL}. */
    record Null() implements MetadataValue {
    }
}
