package dev.rocky.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@code defs.yaml} of type {@code dagster_rocky.RockyComponent}, resolved: the attribute names
 * and defaults are the Python reference's.
 *
 * @param defsFile the defs.yaml it was read from (absolute)
 * @param projectRoot the directory holding defs.yaml; relative paths resolve against it, rocky runs
 *     there, and the state lives under it
 * @param binaryPath {@code binary_path} (default {@code rocky}): a bare name is looked up on
 *     {@code PATH}, a path is resolved against the project root
 * @param configPath {@code config_path} (default {@code rocky.toml}), passed to {@code --config}
 * @param statePath {@code state_path} (default {@code .rocky-state.redb}), passed to {@code --state-path}
 * @param modelsDir {@code models_dir} (default {@code models})
 * @param timeout {@code timeout_seconds} (default 3600)
 */
public record ComponentConfig(
        Path defsFile,
        Path projectRoot,
        String binaryPath,
        String configPath,
        String statePath,
        String modelsDir,
        Duration timeout) {

    /** Rejects {@code null} parts. */
    public ComponentConfig {
        Objects.requireNonNull(defsFile, "defsFile is null");
        Objects.requireNonNull(projectRoot, "projectRoot is null");
        Objects.requireNonNull(binaryPath, "binaryPath is null");
        Objects.requireNonNull(configPath, "configPath is null");
        Objects.requireNonNull(statePath, "statePath is null");
        Objects.requireNonNull(modelsDir, "modelsDir is null");
        Objects.requireNonNull(timeout, "timeout is null");
    }

    /**
     * @return the program to run: {@code binary_path} resolved against the project root when it is
     *     a path, as it is when it is a bare name
     */
    public String resolvedBinary() {
        return binaryPath.contains("/") ? projectRoot.resolve(binaryPath).normalize().toString() : binaryPath;
    }
}
