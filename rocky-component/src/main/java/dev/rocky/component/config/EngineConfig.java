package dev.rocky.component.config;

import dev.rocky.process.RockyCliSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How rocky is run: the defs.yaml attributes the process adapter's {@link RockyCliSettings} is
 * built from. Relative paths resolve against the project root.
 *
 * @param binaryPath {@code binary_path} (default {@code rocky}): a bare name is looked up on
 *     {@code PATH}, a path is resolved against the project root
 * @param configPath {@code config_path} (default {@code rocky.toml}), passed to {@code --config}
 * @param statePath {@code state_path} (default {@code .rocky-state.redb}), passed to {@code --state-path}
 * @param stateNamespace {@code state_namespace}: passed to {@code --state-namespace} instead of
 *     {@code --state-path}; a SQL identifier
 * @param modelsDir {@code models_dir} (default {@code models}), inside the project
 * @param contractsDir {@code contracts_dir}: where {@code <model>.contract.toml} files live, inside the project
 * @param timeout {@code timeout_seconds} (default 3600): the budget of one rocky command
 * @param maxStdoutBytes {@code max_stdout_mib} (rocky-java; default 256) in bytes: the most stdout
 *     kept from one rocky command
 * @param serverUrl {@code server_url}: a running {@code rocky serve} ({@code http} or
 *     {@code https}) that answers compile, lineage and metrics instead of the binary
 */
public record EngineConfig(String binaryPath, String configPath, String statePath, Optional<String> stateNamespace,
        String modelsDir, Optional<String> contractsDir, Duration timeout, long maxStdoutBytes, Optional<java.net.URI> serverUrl) {

    /**
     * An engine without {@code rocky serve}.
     *
     * @param binaryPath {@code binary_path}
     * @param configPath {@code config_path}
     * @param statePath {@code state_path}
     * @param stateNamespace {@code state_namespace}
     * @param modelsDir {@code models_dir}
     * @param contractsDir {@code contracts_dir}
     * @param timeout {@code timeout_seconds}
     * @param maxStdoutBytes {@code max_stdout_mib} in bytes
     */
    public EngineConfig(String binaryPath, String configPath, String statePath, Optional<String> stateNamespace, String modelsDir,
            Optional<String> contractsDir, Duration timeout, long maxStdoutBytes) {
        this(binaryPath, configPath, statePath, stateNamespace, modelsDir, contractsDir, timeout, maxStdoutBytes, Optional.empty());
    }

    /** Rejects {@code null} parts and a non-positive stdout cap. */
    public EngineConfig {
        Objects.requireNonNull(binaryPath, "binaryPath is null");
        Objects.requireNonNull(configPath, "configPath is null");
        Objects.requireNonNull(statePath, "statePath is null");
        Objects.requireNonNull(stateNamespace, "stateNamespace is null");
        Objects.requireNonNull(modelsDir, "modelsDir is null");
        Objects.requireNonNull(contractsDir, "contractsDir is null");
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(serverUrl, "serverUrl is null");
        if (maxStdoutBytes <= 0) {
            throw new IllegalArgumentException("maxStdoutBytes must be positive, got " + maxStdoutBytes);
        }
    }

    /**
     * @param projectRoot the directory holding defs.yaml
     * @return the program to run: {@code binary_path} resolved against the project root when it is
     *     a path, as it is when it is a bare name
     */
    public String resolvedBinary(Path projectRoot) {
        return binaryPath.contains("/") ? projectRoot.resolve(binaryPath).normalize().toString() : binaryPath;
    }

    /**
     * @param projectRoot the directory holding defs.yaml
     * @return the process adapter's settings for this project
     */
    public RockyCliSettings settings(Path projectRoot) {
        return new RockyCliSettings(resolvedBinary(projectRoot), projectRoot, configPath, statePath, stateNamespace, timeout,
                maxStdoutBytes, serverUrl);
    }
}
