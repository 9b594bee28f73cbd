package dev.rocky.core.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A model as declared on disk: {@code models/<name>.toml} merged over the directory's
 * {@code _defaults.toml} (see MANIFEST.md, "Model sidecar"). Read by a {@code ModelCatalog}
 * without calling rocky.
 *
 * @param name {@code name}, or the file stem
 * @param file the sidecar file
 * @param strategy {@code [strategy]}, default {@code full_refresh}
 * @param target {@code [target]} merged over the defaults; empty when catalog or schema is missing
 * @param dependsOn {@code depends_on}; copied
 * @param freshnessMaxLagSeconds {@code [freshness] max_lag_seconds} (or {@code expected_lag_seconds})
 */
public record ModelSidecar(
        String name,
        Path file,
        ModelStrategy strategy,
        Optional<ModelTarget> target,
        List<String> dependsOn,
        OptionalLong freshnessMaxLagSeconds) {

    /** Copies the list; rejects {@code null} parts. */
    public ModelSidecar {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(strategy, "strategy is null");
        Objects.requireNonNull(target, "target is null");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(freshnessMaxLagSeconds, "freshnessMaxLagSeconds is null");
    }
}
