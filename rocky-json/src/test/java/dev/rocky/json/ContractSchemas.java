package dev.rocky.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rocky.contract.RockyContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Test helper: the engine's published schemas, and which one a recorded payload answers to. */
final class ContractSchemas {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schemaTree(String name) {
        return tree(RockyContract.schema(name));
    }

    /** The schema a payload answers to, by its {@code command} (MANIFEST.md), if the engine publishes one. */
    static Optional<String> schemaNameFor(JsonNode payload) {
        String command = payload.path("command").asText();
        return switch (command) {
            case "lineage" -> Optional.of(payload.has("column") ? "column_lineage" : "lineage");
            case "discover", "compile", "dag", "run", "plan", "state", "test", "ci", "history", "cost", "optimize",
                    "metrics", "doctor", "review_status", "compliance", "retention_status" -> Optional.of(command);
            case "retention-status" -> Optional.of("retention_status");
            default -> Optional.empty();
        };
    }

    static List<Error> validate(String schemaName, JsonNode payload) {
        Schema schema = CACHE.computeIfAbsent(schemaName, n -> REGISTRY.getSchema(RockyContract.schema(n)));
        return schema.validate(payload);
    }
}
