package dev.rocky.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the defs.yaml the testkit's component helpers load. */
final class ComponentDefs {

    private ComponentDefs() {
    }

    /**
     * @param projectDir the project's copy
     * @param attributes YAML lines under {@code attributes:}; empty keeps an existing defs.yaml or
     *     writes the defaults ({@code binary_path: rocky}, {@code models_dir: models})
     * @return the defs.yaml
     * @throws UncheckedIOException when it cannot be written
     */
    static Path write(Path projectDir, List<String> attributes) {
        Path defs = projectDir.resolve("defs.yaml");
        if (attributes.isEmpty() && Files.isRegularFile(defs)) {
            return defs;
        }
        StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n");
        boolean binary = attributes.stream().anyMatch(a -> a.strip().startsWith("binary_path:"));
        boolean models = attributes.stream().anyMatch(a -> a.strip().startsWith("models_dir:"));
        if (!binary) {
            yaml.append("  binary_path: rocky\n");
        }
        if (!models) {
            yaml.append("  models_dir: models\n");
        }
        for (String line : attributes) {
            yaml.append("  ").append(line).append('\n');
        }
        try {
            Files.writeString(defs, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + defs, e);
        }
        return defs;
    }
}
