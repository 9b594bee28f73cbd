package dev.rocky.component.config;

import dev.rocky.translator.TranslationTemplates;
import dev.rocky.translator.TranslatorSelection;
import dev.rocky.core.service.VersionedStateStore;
import dev.rocky.state.remote.S3Settings;
import dev.rocky.state.remote.ValkeySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code defs.yaml} of type {@code dagster_rocky.RockyComponent}, resolved by
 * {@link DefsYamlLoader}. Attribute names and defaults are the Python reference's; the README's
 * attribute table documents each one. Relative paths resolve against {@code projectRoot}.
 *
 * @param defsFile the defs.yaml it was read from (absolute)
 * @param projectRoot the directory holding defs.yaml; rocky runs there and the state lives under it
 * @param binaryPath {@code binary_path} (default {@code rocky}): a bare name is looked up on
 *     {@code PATH}, a path is resolved against the project root
 * @param configPath {@code config_path} (default {@code rocky.toml}), passed to {@code --config}
 * @param statePath {@code state_path} (default {@code .rocky-state.redb}), passed to {@code --state-path}
 * @param stateNamespace {@code state_namespace}: passed to {@code --state-namespace} instead of
 *     {@code --state-path}; a SQL identifier
 * @param modelsDir {@code models_dir} (default {@code models})
 * @param contractsDir {@code contracts_dir}: where {@code <model>.contract.toml} files live
 * @param translator {@code translator} / {@code translator_class}, {@code translation} and
 *     {@code plugins_dir}: which translator to use and the templates applied after it
 * @param defsState {@code defs_state}: how the state is stored
 * @param surfaceOptimizeMetadata {@code surface_optimize_metadata} (default true)
 * @param surfaceDerivedModels {@code surface_derived_models} (default false)
 * @param dagMode {@code dag_mode} (default false)
 * @param enableSensor {@code enable_sensor} (default false)
 * @param sensorGranularity {@code sensor_granularity}: {@code per_source} (default) or {@code per_group}
 * @param sensorInterval {@code sensor_interval_seconds} (default 300)
 * @param executionMode {@code execution_mode}: {@code streaming} (default) or {@code pipes}
 * @param opTags {@code op_tags}: tags for every materialization op; copied
 * @param strictDoctor {@code strict_doctor} (default false)
 * @param strictDoctorChecks {@code strict_doctor_checks}: the doctor checks that fail fast; copied
 * @param surfaceCompliance {@code surface_compliance} (default false)
 * @param surfaceConfiguredChecks {@code surface_configured_checks} (default false)
 * @param surfaceRetentionStatus {@code surface_retention_status} (default false)
 * @param discoverOnMissingState {@code discover_on_missing_state} (default false)
 * @param surfaceColumnLineage {@code surface_column_lineage} (default false)
 * @param columnLineageAt {@code column_lineage_at} (rocky-java): {@code load} (default, the
 *     reference's behaviour: {@code rocky lineage} per model on every load) or {@code refresh}
 *     (captured into the state, so loads stay call-free; recommended)
 * @param columnLineageConcurrency {@code column_lineage_concurrency} (rocky-java; default 8): the
 *     most {@code rocky lineage} processes at once
 * @param timeout {@code timeout_seconds} (default 3600)
 * @param maxStdoutBytes {@code max_stdout_mib} (rocky-java; default 256), in bytes: the most stdout
 *     kept from one rocky command; past it the process is killed and the command fails with
 *     {@code OUTPUT_TOO_LARGE}, so memory stays bounded whatever the binary prints
 * @param strictBuild {@code strict_build} (default false)
 * @param tenant {@code tenant}: the tenant-as-partition collapse, when set
 * @param satisfyEmptyOutputs {@code satisfy_empty_outputs} (default false)
 * @param failOnStaleState {@code fail_on_stale_state} (rocky-java; default false): a stale state
 *     is an error instead of a warning
 * @param refreshLockWait {@code refresh_lock_wait_seconds} (rocky-java; default 600): how long a
 *     refresh waits for another one's lock; 0 fails at once
 * @param pushStateTo {@code post_state_write_hook: {push_to: …}}: the ready push hook's target, when set
 * @param developmentMode whether the environment marks a development session
 *     ({@code ROCKY_COMPONENT_DEV=1}, or {@code DAGSTER_IS_DEV_CLI} set as {@code dg dev} does):
 *     {@code discover_on_missing_state} is then skipped
 */
public record ComponentConfig(
        Path defsFile,
        Path projectRoot,
        String binaryPath,
        String configPath,
        String statePath,
        Optional<String> stateNamespace,
        String modelsDir,
        Optional<String> contractsDir,
        TranslatorConfig translator,
        DefsStateConfig defsState,
        boolean surfaceOptimizeMetadata,
        boolean surfaceDerivedModels,
        boolean dagMode,
        boolean enableSensor,
        String sensorGranularity,
        Duration sensorInterval,
        String executionMode,
        Map<String, String> opTags,
        boolean strictDoctor,
        List<String> strictDoctorChecks,
        boolean surfaceCompliance,
        boolean surfaceConfiguredChecks,
        boolean surfaceRetentionStatus,
        boolean discoverOnMissingState,
        boolean surfaceColumnLineage,
        String columnLineageAt,
        int columnLineageConcurrency,
        Duration timeout,
        long maxStdoutBytes,
        boolean strictBuild,
        Optional<TenantConfig> tenant,
        boolean satisfyEmptyOutputs,
        boolean failOnStaleState,
        Duration refreshLockWait,
        Optional<PushStateTo> pushStateTo,
        boolean developmentMode) {

    /** Rejects {@code null} parts and copies collections. */
    public ComponentConfig {
        Objects.requireNonNull(defsFile, "defsFile is null");
        Objects.requireNonNull(projectRoot, "projectRoot is null");
        Objects.requireNonNull(binaryPath, "binaryPath is null");
        Objects.requireNonNull(configPath, "configPath is null");
        Objects.requireNonNull(statePath, "statePath is null");
        Objects.requireNonNull(stateNamespace, "stateNamespace is null");
        Objects.requireNonNull(modelsDir, "modelsDir is null");
        Objects.requireNonNull(contractsDir, "contractsDir is null");
        Objects.requireNonNull(translator, "translator is null");
        Objects.requireNonNull(defsState, "defsState is null");
        Objects.requireNonNull(sensorGranularity, "sensorGranularity is null");
        Objects.requireNonNull(sensorInterval, "sensorInterval is null");
        Objects.requireNonNull(executionMode, "executionMode is null");
        opTags = Map.copyOf(opTags);
        strictDoctorChecks = List.copyOf(strictDoctorChecks);
        Objects.requireNonNull(columnLineageAt, "columnLineageAt is null");
        Objects.requireNonNull(timeout, "timeout is null");
        if (maxStdoutBytes <= 0) {
            throw new IllegalArgumentException("maxStdoutBytes must be positive, got " + maxStdoutBytes);
        }
        Objects.requireNonNull(tenant, "tenant is null");
        Objects.requireNonNull(refreshLockWait, "refreshLockWait is null");
        Objects.requireNonNull(pushStateTo, "pushStateTo is null");
    }

    /**
     * How the component's translator is chosen (see {@code TranslatorResolver}).
     *
     * @param selection {@code translator: {name|class, config}} or {@code translator_class}; none
     *     when neither is set
     * @param translation the parsed {@code translation} templates
     * @param pluginsDir {@code plugins_dir} (rocky-java; default {@code plugins} next to defs.yaml),
     *     absolute: the directory whose jars (and sub-directories of jars) are translator plugins
     */
    public record TranslatorConfig(TranslatorSelection selection, TranslationTemplates translation, Path pluginsDir) {
        /** Rejects {@code null} parts. */
        public TranslatorConfig {
            Objects.requireNonNull(selection, "selection is null");
            Objects.requireNonNull(translation, "translation is null");
            Objects.requireNonNull(pluginsDir, "pluginsDir is null");
        }
    }

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

    /**
     * Where a versioned state lives ({@code defs_state.storage}, and {@code
     * post_state_write_hook.push_to}).
     */
    public sealed interface StateStorage {

        /**
         * {@code type: directory}: a local (or shared) directory.
         *
         * @param dir the base directory ({@code path}), absolute
         */
        record Directory(Path dir) implements StateStorage {
            /** Rejects {@code null}. */
            public Directory {
                Objects.requireNonNull(dir, "dir is null");
            }
        }

        /**
         * {@code type: s3}: a bucket on S3 or an S3-compatible server.
         *
         * @param settings bucket, prefix, endpoint, region, path-style access, credentials
         * @param cacheDir the local read-through cache ({@code cache_dir}, default {@code <project
         *     root>/.defs_state_cache}), absolute
         */
        record S3(S3Settings settings, Path cacheDir) implements StateStorage {
            /** Rejects {@code null} parts. */
            public S3 {
                Objects.requireNonNull(settings, "settings is null");
                Objects.requireNonNull(cacheDir, "cacheDir is null");
            }
        }

        /**
         * {@code type: valkey}: a Valkey or Redis server.
         *
         * @param settings host, port, TLS, user, password, database, prefix, version TTL
         * @param cacheDir the local read-through cache ({@code cache_dir}), absolute
         */
        record Valkey(ValkeySettings settings, Path cacheDir) implements StateStorage {
            /** Rejects {@code null} parts. */
            public Valkey {
                Objects.requireNonNull(settings, "settings is null");
                Objects.requireNonNull(cacheDir, "cacheDir is null");
            }
        }
    }

    /**
     * {@code post_state_write_hook: {push_to: …}}: the ready push hook, which copies every state a
     * refresh writes to a versioned store.
     *
     * @param storage where to push ({@code push_to}, shaped like {@code defs_state.storage})
     * @param key the state key the pushed versions go under ({@code key}, default the state key)
     * @param keepVersions how many pushed versions are kept ({@code keep_versions}, default 10)
     */
    public record PushStateTo(StateStorage storage, String key, int keepVersions) {
        /** Rejects {@code null} parts. */
        public PushStateTo {
            Objects.requireNonNull(storage, "storage is null");
            Objects.requireNonNull(key, "key is null");
        }
    }

    /** Dagster's {@code DefsStateManagementType} values this build supports. */
    public enum ManagementType {
        /** One state file under {@code .local_defs_state/<key>/state}. */
        LOCAL_FILESYSTEM,
        /** Immutable versions plus a "latest" pointer moved by compare-and-set. */
        VERSIONED_STATE_STORAGE
    }

    /**
     * {@code tenant}: sources that differ only by one component collapse into one partitioned asset.
     *
     * @param component which {@code source.components} key is the tenant axis
     * @param partitionsName the name of the dynamic partitions holding the tenant values
     * @param syncPartitionsFromDiscover whether the sensor adds newly discovered tenants (default true)
     * @param scopeRunsToSelection whether a partition run is narrowed to the selected sources (default false)
     */
    public record TenantConfig(String component, String partitionsName, boolean syncPartitionsFromDiscover,
            boolean scopeRunsToSelection) {
        /** Rejects {@code null} parts. */
        public TenantConfig {
            Objects.requireNonNull(component, "component is null");
            Objects.requireNonNull(partitionsName, "partitionsName is null");
        }
    }

    /**
     * @return the program to run: {@code binary_path} resolved against the project root when it is
     *     a path, as it is when it is a bare name
     */
    public String resolvedBinary() {
        return binaryPath.contains("/") ? projectRoot.resolve(binaryPath).normalize().toString() : binaryPath;
    }

    /** @return {@code models_dir} resolved against the project root */
    public Path resolvedModelsDir() {
        return projectRoot.resolve(modelsDir).normalize();
    }

    /** @return {@code contracts_dir} resolved against the project root, when set */
    public Optional<Path> resolvedContractsDir() {
        return contractsDir.map(d -> projectRoot.resolve(d).normalize());
    }

    /**
     * @return the attributes that shape what a refresh writes, by name, as recorded in the state's
     *     fingerprint: changing one of them makes the state stale
     */
    public Map<String, String> refreshAttributes() {
        return Map.of(
                "binary_path", binaryPath,
                "config_path", configPath,
                "state_path", statePath,
                "state_namespace", stateNamespace.orElse(""),
                "models_dir", modelsDir,
                "contracts_dir", contractsDir.orElse(""),
                "surface_optimize_metadata", String.valueOf(surfaceOptimizeMetadata),
                "dag_mode", String.valueOf(dagMode),
                "column_lineage_at_refresh", String.valueOf(lineageAtRefresh()));
    }

    /** @return whether column lineage is captured at refresh ({@code surface_column_lineage} with {@code column_lineage_at: refresh}) */
    public boolean lineageAtRefresh() {
        return surfaceColumnLineage && columnLineageAt.equals("refresh");
    }

    /** @return whether column lineage is collected at every load ({@code surface_column_lineage} with {@code column_lineage_at: load}) */
    public boolean lineageAtLoad() {
        return surfaceColumnLineage && columnLineageAt.equals("load");
    }
}
