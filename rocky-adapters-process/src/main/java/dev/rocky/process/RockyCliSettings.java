package dev.rocky.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ProcessRockyCli} runs the binary: the component's {@code binary_path},
 * {@code config_path}, {@code state_path} / {@code state_namespace} and {@code timeout_seconds},
 * resolved.
 *
 * @param binary the rocky program: an absolute path, or a bare name looked up on {@code PATH}
 * @param projectDir the rocky project directory, the process's working directory
 * @param configPath {@code --config}, relative to the project directory or absolute
 * @param statePath {@code --state-path}, used when no namespace is set
 * @param stateNamespace {@code --state-namespace}, used instead of {@code --state-path} when set
 * @param timeout the budget for one command; default {@link #DEFAULT_TIMEOUT}
 * @param stdoutCapBytes the most stdout bytes kept from one command; default {@link #DEFAULT_STDOUT_CAP_BYTES}
 * @param serverUrl {@code server_url}: a running {@code rocky serve} that answers compile, lineage
 *     and metrics over HTTP instead of a process per call
 */
public record RockyCliSettings(
        String binary,
        Path projectDir,
        String configPath,
        String statePath,
        Optional<String> stateNamespace,
        Duration timeout,
        long stdoutCapBytes,
        Optional<java.net.URI> serverUrl) {

    /** One hour, as the reference's default {@code timeout_seconds}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3600);

    /** 256 MiB: room for a discover of several hundred thousand tables. */
    public static final long DEFAULT_STDOUT_CAP_BYTES = 256L * 1024 * 1024;

    /**
     * Settings without a {@code rocky serve}.
     *
     * @param binary the rocky program
     * @param projectDir the project directory
     * @param configPath {@code --config}
     * @param statePath {@code --state-path}
     * @param stateNamespace {@code --state-namespace}
     * @param timeout the budget for one command
     * @param stdoutCapBytes the most stdout bytes kept from one command
     */
    public RockyCliSettings(String binary, Path projectDir, String configPath, String statePath, Optional<String> stateNamespace,
            Duration timeout, long stdoutCapBytes) {
        this(binary, projectDir, configPath, statePath, stateNamespace, timeout, stdoutCapBytes, Optional.empty());
    }

    /** Rejects {@code null} parts and a non-positive budget or cap. */
    public RockyCliSettings {
        Objects.requireNonNull(serverUrl, "serverUrl is null");
        Objects.requireNonNull(binary, "binary is null");
        Objects.requireNonNull(projectDir, "projectDir is null");
        Objects.requireNonNull(configPath, "configPath is null");
        Objects.requireNonNull(statePath, "statePath is null");
        Objects.requireNonNull(stateNamespace, "stateNamespace is null");
        Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (stdoutCapBytes <= 0) {
            throw new IllegalArgumentException("stdoutCapBytes must be positive, got " + stdoutCapBytes);
        }
    }

    /**
     * Settings with the reference's defaults: {@code rocky.toml}, {@code .rocky-state.redb}, no
     * namespace, one hour, 256 MiB.
     *
     * @param binary the rocky program
     * @param projectDir the project directory
     * @return the settings
     */
    public static RockyCliSettings defaults(String binary, Path projectDir) {
        return new RockyCliSettings(binary, projectDir, "rocky.toml", ".rocky-state.redb", Optional.empty(),
                DEFAULT_TIMEOUT, DEFAULT_STDOUT_CAP_BYTES);
    }

    /**
     * @param newTimeout the budget for one command
     * @return a copy with that budget
     */
    public RockyCliSettings withTimeout(Duration newTimeout) {
        return new RockyCliSettings(binary, projectDir, configPath, statePath, stateNamespace, newTimeout, stdoutCapBytes, serverUrl);
    }
}
