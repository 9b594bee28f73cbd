package dev.rocky.translator.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A discovered source as a translator sees it: one entry of {@code rocky discover}'s
 * {@code sources[]} (engine schema {@code discover.schema.json}), without its tables.
 *
 * @param id the source id, e.g. {@code raw__acme__orders}
 * @param sourceType the connector type, e.g. {@code fivetran} or {@code duckdb}
 * @param components the schema-pattern components in the engine's order, e.g. {@code tenant=acme}
 * @param lastSyncAt when the source last synced (ISO-8601 text as rocky prints it), when known
 * @param metadata the adapter-namespaced metadata discover relays ({@code fivetran.service}, …):
 *     a string as is, any other value as JSON text with sorted keys; in the engine's order
 */
public record SourceView(String id, String sourceType, List<Component> components, Optional<String> lastSyncAt,
        Map<String, String> metadata) {

    /**
     * One component of a source's schema pattern.
     *
     * @param name the component's name, e.g. {@code tenant} or {@code regions}
     * @param values its value, or values for a list-valued component
     * @param list whether the component is list-valued ({@code ["us_west", "eu"]}) rather than single
     */
    public record Component(String name, List<String> values, boolean list) {
        /** Rejects {@code null} parts and copies the values. */
        public Component {
            Objects.requireNonNull(name, "name is null");
            values = List.copyOf(values);
        }

        /** @return the value as one string: a single value as is, a list joined with {@code __} */
        public String joined() {
            return values.size() == 1 ? values.get(0) : String.join("__", values);
        }
    }

    /** Rejects {@code null} parts and copies the list. */
    public SourceView {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(sourceType, "sourceType is null");
        components = List.copyOf(components);
        Objects.requireNonNull(lastSyncAt, "lastSyncAt is null");
        metadata = metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A source without adapter metadata.
     *
     * @param id the source id
     * @param sourceType the connector type
     * @param components the schema-pattern components
     * @param lastSyncAt when the source last synced, when known
     */
    public SourceView(String id, String sourceType, List<Component> components, Optional<String> lastSyncAt) {
        this(id, sourceType, components, lastSyncAt, Map.of());
    }

    /**
     * @param name a component name
     * @return that component, when the source has it
     */
    public Optional<Component> component(String name) {
        for (Component c : components) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
