package dev.rocky.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.EnvSubstitution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code rocky.toml} read as the engine reads it, for the few decisions rocky-java takes from it
 * ({@link RockyTomlPipelines}, {@link RockyTomlState}, {@link RockyTomlAdapter}): its environment
 * placeholders substituted, then parsed as TOML. A file rocky-java cannot read is no answer, never
 * an error: the engine reports it when it runs. Stateless.
 */
final class RockyTomlDocument {

    private RockyTomlDocument() {
    }

    /**
     * @param rockyToml the project's config
     * @param environment the variables its placeholders read
     * @return the parsed document; empty when it is not a regular file, is over 16 MiB, cannot be
     *     read, names an unset variable or is not TOML
     */
    static Optional<JsonNode> read(Path rockyToml, Map<String, String> environment) {
        try {
            if (!Files.isRegularFile(rockyToml) || Files.size(rockyToml) > 16L * 1024 * 1024) {
                return Optional.empty();
            }
            String text = EnvSubstitution.substitute(Files.readString(rockyToml), environment, rockyToml.toString()).text();
            return Optional.of(TomlTrees.read(text));
        } catch (IOException | ConfigException e) {
            return Optional.empty();
        }
    }
}
