package dev.rocky.core.discover;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A discovered source: a connector, schema or integration ({@code sources[]} in
 * {@code rocky discover}'s output, schema {@code SourceOutput}).
 *
 * @param id the adapter-side source id, e.g. {@code raw__orders}
 * @param components schema-pattern components parsed from the schema name, in pattern order
 * @param sourceType the adapter type, e.g. {@code duckdb} or {@code fivetran}
 * @param lastSyncAt the last sync time as the engine printed it (RFC 3339), when known
 * @param tables the source's tables; copied
 * @param metadata the adapter-namespaced {@code metadata} discover relays (e.g.
 *     {@code fivetran.service}), in the engine's order: a string value as is, any other value as
 *     JSON text with sorted keys, as the reference's {@code get_metadata} forwards it; copied
 */
public record Source(
        String id,
        Map<String, ComponentValue> components,
        String sourceType,
        Optional<String> lastSyncAt,
        List<Table> tables,
        Map<String, String> metadata) {

    /** Copies collections, keeping component order. */
    public Source {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(sourceType, "sourceType is null");
        Objects.requireNonNull(lastSyncAt, "lastSyncAt is null");
        components = components.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
        tables = List.copyOf(tables);
        metadata = metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A source without adapter metadata.
     *
     * @param id the adapter-side source id
     * @param components schema-pattern components, in pattern order
     * @param sourceType the adapter type
     * @param lastSyncAt the last sync time, when known
     * @param tables the source's tables
     */
    public Source(String id, Map<String, ComponentValue> components, String sourceType, Optional<String> lastSyncAt,
            List<Table> tables) {
        this(id, components, sourceType, lastSyncAt, tables, Map.of());
    }
}
