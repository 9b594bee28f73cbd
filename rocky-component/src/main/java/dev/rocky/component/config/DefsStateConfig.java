package dev.rocky.component.config;

import dev.rocky.core.service.VersionedStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code defs_state}: Dagster's state management.
 *
 * @param managementType {@code LOCAL_FILESYSTEM} (default) or {@code VERSIONED_STATE_STORAGE}
 * @param key the state key (default {@code RockyComponent[<config_path>]})
 * @param versionsDir where a directory-backed versioned store keeps its versions ({@code
 *     storage.path}, default {@code <project root>/.defs_state_versions}), absolute
 * @param keepVersions how many versions a versioned store keeps ({@code keep_versions}, default 10)
 * @param storage where a versioned store keeps its versions ({@code storage.type}: {@code
 *     directory}, {@code s3} or {@code valkey})
 * @param pruneGrace versions younger than this are never pruned ({@code prune_grace_seconds},
 *     default 60): a writer in another pod may be about to point at them
 */
public record DefsStateConfig(ManagementType managementType, String key, Path versionsDir, int keepVersions,
        StateStorage storage, Duration pruneGrace) {
    /** Rejects {@code null} parts. */
    public DefsStateConfig {
        Objects.requireNonNull(managementType, "managementType is null");
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(versionsDir, "versionsDir is null");
        Objects.requireNonNull(storage, "storage is null");
        Objects.requireNonNull(pruneGrace, "pruneGrace is null");
    }

    /**
     * A directory-backed configuration with the default prune grace.
     *
     * @param managementType the management type
     * @param key the state key
     * @param versionsDir the versions directory
     * @param keepVersions how many versions to keep
     */
    public DefsStateConfig(ManagementType managementType, String key, Path versionsDir, int keepVersions) {
        this(managementType, key, versionsDir, keepVersions, new StateStorage.Directory(versionsDir),
                VersionedStateStore.DEFAULT_PRUNE_GRACE);
    }
}
