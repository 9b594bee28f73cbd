package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [state] backend} a {@code rocky.toml} configures, read as the reference's
 * {@code _read_state_backend} (dagster-rocky health.py) reads it: after the engine's environment
 * substitution, lower-cased; {@code local} when the file cannot be read, sets none, or names a
 * backend the engine does not have ({@code rocky_core::config::StateBackend}: local, tiered,
 * valkey, s3, gcs). Stateless.
 */
public final class RockyTomlState {

    /** The engine's state backends. */
    public static final Set<String> BACKENDS = Set.of("local", "tiered", "valkey", "s3", "gcs");

    private RockyTomlState() {
    }

    /**
     * @param rockyToml the project's config
     * @param environment the variables its placeholders read
     * @return the configured backend, {@code local} by default
     */
    public static String backend(Path rockyToml, Map<String, String> environment) {
        JsonNode backend = RockyTomlDocument.read(rockyToml, environment).map(d -> d.path("state").path("backend"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        String name = backend.isTextual() ? backend.asText().strip().toLowerCase(Locale.ROOT) : "local";
        return BACKENDS.contains(name) ? name : "local";
    }
}
