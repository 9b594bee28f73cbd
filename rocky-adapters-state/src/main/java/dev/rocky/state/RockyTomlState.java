package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.EnvSubstitution;
import java.io.IOException;
import java.nio.file.Files;
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

    private static final TomlMapper TOML = new TomlMapper();

    private RockyTomlState() {
    }

    /**
     * @param rockyToml the project's config
     * @param environment the variables its placeholders read
     * @return the configured backend, {@code local} by default
     */
    public static String backend(Path rockyToml, Map<String, String> environment) {
        try {
            if (!Files.isRegularFile(rockyToml) || Files.size(rockyToml) > 16L * 1024 * 1024) {
                return "local";
            }
            String text = EnvSubstitution.substitute(Files.readString(rockyToml), environment, rockyToml.toString()).text();
            JsonNode backend = TOML.readTree(text).path("state").path("backend");
            String name = backend.isTextual() ? backend.asText().strip().toLowerCase(Locale.ROOT) : "local";
            return BACKENDS.contains(name) ? name : "local";
        } catch (IOException | ConfigException e) {
            return "local";
        }
    }
}
