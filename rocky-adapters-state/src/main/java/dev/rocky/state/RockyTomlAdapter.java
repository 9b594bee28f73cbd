package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.EnvSubstitution;
import java.io.IOException;
import java.nio.file.Files;
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

    private static final TomlMapper TOML = new TomlMapper();

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
        JsonNode adapter;
        try {
            if (!Files.isRegularFile(rockyToml) || Files.size(rockyToml) > 16L * 1024 * 1024) {
                return Map.of();
            }
            String text = EnvSubstitution.substitute(Files.readString(rockyToml), environment, rockyToml.toString()).text();
            adapter = TOML.readTree(text).path("adapter");
        } catch (IOException | ConfigException e) {
            return Map.of();
        }
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
