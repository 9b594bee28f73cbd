package dev.rocky.translator.spi;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A discovered table as a translator sees it: one entry of a source's {@code tables[]} in
 * {@code rocky discover}.
 *
 * @param name the table name as the engine reports it (any characters)
 * @param rowCount its row count, when the engine reports one
 */
public record TableView(String name, OptionalLong rowCount) {
    /** Rejects {@code null} parts. */
    public TableView {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(rowCount, "rowCount is null");
    }
}
