package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warehouse adapter a {@code rocky.toml} declares, read as the engine reads it (after its
 * environment substitution), for naming the project's tables outside rocky (OpenLineage dataset
 * namespaces). The adapter is {@code [adapter]} when it has a {@code type}, else
 * {@code [adapter.default]}, else the first named {@code [adapter.<name>]}. Stateless.
 */
public final class RockyTomlAdapter {

    private RockyTomlAdapter() {
    }

    /**
     * @param rockyToml the project's config
     * @param environment the variables its placeholders read
     * @return the adapter's scalar fields as text ({@code type}, {@code path}, {@code host},
     *     {@code port}, {@code account}, …), in file order; empty when the file declares no
     *     adapter or cannot be read (the engine reports that)
     */
    public static Map<String, String> fields(Path rockyToml, Map<String, String> environment) {
        JsonNode adapter = RockyTomlDocument.read(rockyToml, environment).map(d -> d.path("adapter"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        if (!adapter.isObject()) {
            return Map.of();
        }
        if (!adapter.has("type")) {
            JsonNode chosen = adapter.has("default") ? adapter.get("default") : null;
            for (Iterator<JsonNode> it = adapter.elements(); chosen == null && it.hasNext();) {
                JsonNode named = it.next();
                if (named.isObject()) {
                    chosen = named;
                }
            }
            adapter = chosen == null ? adapter : chosen;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        adapter.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode()) {
                fields.put(f.getKey(), f.getValue().asText());
            }
        });
        return fields;
    }
}
