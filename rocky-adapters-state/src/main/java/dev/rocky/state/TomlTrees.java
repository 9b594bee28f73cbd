package dev.rocky.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import dev.rocky.json.JsonTrees;
import java.io.IOException;

/**
 * TOML text as a tree, as a {@code TomlMapper}'s {@code readTree(String)} builds it (a missing node
 * for a document without a value), through Jackson's TOML parser and {@link JsonTrees}: no mapper
 * is made, so reading a project's TOML files does not initialise Jackson's date format and its
 * locale data. Thread-safe.
 */
final class TomlTrees {

    private static final TomlFactory TOML = new TomlFactory();

    private TomlTrees() {
    }

    /**
     * @param text a TOML document
     * @return its tree
     * @throws IOException a {@code JacksonException} when it is not TOML, with the parser's location
     */
    static JsonNode read(String text) throws IOException {
        try (JsonParser p = TOML.createParser(text)) {
            JsonNode tree = JsonTrees.read(p, false);
            return tree == null ? MissingNode.getInstance() : tree;
        }
    }
}
