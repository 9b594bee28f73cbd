package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code rocky state} (schema {@code state.schema.json}, {@code StateOutput}): the state store's
 * watermarks and schema versions.
 *
 * @param version engine version
 * @param schemaVersionOnDisk the store's schema version on disk, when there is a store
 * @param schemaVersionSupported the schema version this binary reads and writes
 * @param watermarks one per table with a watermark; copied
 */
public record StateReport(String version, OptionalLong schemaVersionOnDisk, long schemaVersionSupported, List<Watermark> watermarks) {

    /** Copies the list; rejects {@code null}. */
    public StateReport {
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(schemaVersionOnDisk, "schemaVersionOnDisk is null");
        watermarks = List.copyOf(watermarks);
    }

    /**
     * {@code WatermarkEntry}.
     *
     * @param table the table's state key
     * @param lastValue the watermark value (RFC 3339)
     * @param updatedAt when it was written (RFC 3339)
     */
    public record Watermark(String table, String lastValue, String updatedAt) {
    }
}
