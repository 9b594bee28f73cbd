package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rocky.contract.RockyContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's published JSON Schemas (draft-07, bundled in {@code rocky-contract}) as a check a
 * test can run on any payload: {@code assertThat(RockySchemas.violations(json)).isEmpty()}.
 * Thread-safe; schemas are compiled once.
 */
public final class RockySchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private RockySchemas() {
    }

    /**
     * The schema a payload answers to, by its {@code command} (two lineage forms told apart by
     * {@code column}); the {@code rocky-contract} MANIFEST lists them.
     *
     * @param payload a parsed stdout document
     * @return the schema name, e.g. {@code retention_status}; empty when the engine publishes none
     */
    public static Optional<String> schemaNameFor(JsonNode payload) {
        String command = payload.path("command").asText();
        return switch (command) {
            case "lineage" -> Optional.of(payload.has("column") ? "column_lineage" : "lineage");
            case "discover", "compile", "dag", "run", "plan", "state", "test", "ci", "history", "cost", "optimize", "metrics", "doctor",
                    "review_status", "compliance", "retention_status" -> Optional.of(command);
            case "retention-status" -> Optional.of("retention_status");
            default -> Optional.empty();
        };
    }

    /**
     * @param schemaName e.g. {@code discover}
     * @param payload a parsed stdout document
     * @return one line per violation ({@code <json path>: <message>}); empty when valid
     */
    public static List<String> violations(String schemaName, JsonNode payload) {
        Schema schema = CACHE.computeIfAbsent(schemaName, n -> REGISTRY.getSchema(RockyContract.schema(n)));
        return schema.validate(payload).stream().map(Error::toString).toList();
    }

    /**
     * @param payload a parsed stdout document
     * @return its violations of the schema its {@code command} names
     * @throws IllegalArgumentException when the engine publishes no schema for that command
     */
    public static List<String> violations(JsonNode payload) {
        String name = schemaNameFor(payload).orElseThrow(() -> new IllegalArgumentException(
                "no published schema for command '" + payload.path("command").asText() + "'"));
        return violations(name, payload);
    }
}
