package dev.rocky.core.discover;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A table of a discovered source ({@code sources[].tables[]} in {@code rocky discover}'s output,
 * schema {@code TableOutput}).
 *
 * @param name the bare table name
 * @param rowCount the row count when the adapter reports one
 */
public record Table(String name, OptionalLong rowCount) {

    /** Rejects {@code null} parts. */
    public Table {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(rowCount, "rowCount is null");
    }
}
