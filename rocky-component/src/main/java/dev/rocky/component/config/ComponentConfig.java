package dev.rocky.component.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code defs.yaml} of type {@code dagster_rocky.RockyComponent}, resolved by
 * {@link DefsYamlLoader}, one record per concern. Attribute names and defaults are the Python
 * reference's; {@link DefsAttributes} lists every attribute with its section, type and default (the
 * guide {@code docs/guide/defs-yaml.md} is checked against it). Attributes that are refused until
 * built (the sensor, tenant partitions, op tags, the doctor gate, Pipes) have no field: the loader
 * validates and refuses them.
 *
 * @param defsFile the defs.yaml it was read from (absolute)
 * @param projectRoot the directory holding defs.yaml; rocky runs there and the state lives under it
 * @param engine how rocky is run (binary, config, state path, models, timeout, stdout cap)
 * @param state where the state lives and how stale or missing states are treated
 * @param translator which translator names the assets, and the templates applied after it
 * @param graph what the graph holds ({@code dag_mode}, derived models, optimize metadata) and {@code strict_build}
 * @param governance compliance, configured checks and retention status
 * @param lineage column lineage
 * @param run how materializations report
 * @param attributesSet the attributes defs.yaml sets, in file order (the others take their
 *     defaults from {@link DefsAttributes})
 * @param environmentReferences the environment variables defs.yaml references as {@code {{ env.NAME }}}:
 *     their values are masked in everything the component prints
 * @param developmentMode whether the environment marks a development session
 *     ({@code ROCKY_COMPONENT_DEV=1}, or {@code DAGSTER_IS_DEV_CLI} set as {@code dg dev} does):
 *     {@code discover_on_missing_state} is then skipped
 * @param sensor the discover sensor ({@code enable_sensor}, {@code sensor_granularity},
 *     {@code sensor_interval_seconds})
 * @param orchestration {@code op_tags}, {@code schedules} and {@code automation}
 * @param openLineage {@code openlineage}: where OpenLineage events go, when set (off by default)
 */
public record ComponentConfig(Path defsFile, Path projectRoot, EngineConfig engine, StateConfig state,
        TranslatorConfig translator, GraphConfig graph, GovernanceConfig governance, LineageConfig lineage, RunConfig run,
        List<String> attributesSet, Set<String> environmentReferences, boolean developmentMode, SensorConfig sensor,
        OrchestrationConfig orchestration, Optional<dev.rocky.openlineage.OpenLineageSettings> openLineage) {

    /**
     * A configuration without OpenLineage.
     *
     * @param defsFile the defs.yaml read
     * @param projectRoot its directory
     * @param engine how rocky is run
     * @param state where the state lives
     * @param translator the translator
     * @param graph how the graph is built
     * @param governance the governance surfaces
     * @param lineage column lineage
     * @param run how materializations run
     * @param attributesSet the attributes defs.yaml sets
     * @param environmentReferences the environment variables it references
     * @param developmentMode whether it runs under a development CLI
     * @param sensor the discover sensor
     * @param orchestration op tags, schedules and automation
     */
    public ComponentConfig(Path defsFile, Path projectRoot, EngineConfig engine, StateConfig state, TranslatorConfig translator,
            GraphConfig graph, GovernanceConfig governance, LineageConfig lineage, RunConfig run, List<String> attributesSet,
            Set<String> environmentReferences, boolean developmentMode, SensorConfig sensor, OrchestrationConfig orchestration) {
        this(defsFile, projectRoot, engine, state, translator, graph, governance, lineage, run, attributesSet, environmentReferences,
                developmentMode, sensor, orchestration, Optional.empty());
    }

    /**
     * A configuration without the discover sensor.
     *
     * @param defsFile the defs.yaml read
     * @param projectRoot its directory
     * @param engine how rocky is run
     * @param state where the state lives
     * @param translator the translator
     * @param graph how the graph is built
     * @param governance the governance surfaces
     * @param lineage column lineage
     * @param run how materializations run
     * @param attributesSet the attributes defs.yaml sets
     * @param environmentReferences the environment variables it references
     * @param developmentMode whether it runs under a development CLI
     */
    public ComponentConfig(Path defsFile, Path projectRoot, EngineConfig engine, StateConfig state, TranslatorConfig translator,
            GraphConfig graph, GovernanceConfig governance, LineageConfig lineage, RunConfig run, List<String> attributesSet,
            Set<String> environmentReferences, boolean developmentMode) {
        this(defsFile, projectRoot, engine, state, translator, graph, governance, lineage, run, attributesSet, environmentReferences,
                developmentMode, SensorConfig.DEFAULT, OrchestrationConfig.NONE);
    }

    /** Rejects {@code null} parts and copies the set. */
    public ComponentConfig {
        Objects.requireNonNull(defsFile, "defsFile is null");
        Objects.requireNonNull(projectRoot, "projectRoot is null");
        Objects.requireNonNull(engine, "engine is null");
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(translator, "translator is null");
        Objects.requireNonNull(graph, "graph is null");
        Objects.requireNonNull(governance, "governance is null");
        Objects.requireNonNull(lineage, "lineage is null");
        Objects.requireNonNull(run, "run is null");
        Objects.requireNonNull(sensor, "sensor is null");
        Objects.requireNonNull(orchestration, "orchestration is null");
        Objects.requireNonNull(openLineage, "openLineage is null");
        attributesSet = List.copyOf(attributesSet);
        environmentReferences = Set.copyOf(environmentReferences);
    }

    /** @return {@code defs_state}, the state's management type, key and storage */
    public DefsStateConfig defsState() {
        return state.defsState();
    }

    /**
     * @return the program to run: {@code binary_path} resolved against the project root when it is
     *     a path, as it is when it is a bare name
     */
    public String resolvedBinary() {
        return engine.resolvedBinary(projectRoot);
    }

    /**
     * @return the replication pipeline discover, the sensor and a discovered table's run must name
     *     with {@code --pipeline} (read from {@code rocky.toml} each call, after its environment
     *     substitution): present when the config declares it beside other pipelines
     */
    public Optional<String> replicationPipeline() {
        return dev.rocky.state.RockyTomlPipelines.discoverPipeline(projectRoot.resolve(engine.configPath()), System.getenv());
    }

    /**
     * @return the fields of the warehouse adapter {@code rocky.toml} declares (read each call,
     *     after its environment substitution), for naming the project's tables outside rocky;
     *     empty when it declares none
     */
    public Map<String, String> adapter() {
        return dev.rocky.state.RockyTomlAdapter.fields(projectRoot.resolve(engine.configPath()), System.getenv());
    }

    /**
     * @param settings the OpenLineage settings to use instead of defs.yaml's
     * @return this configuration with them
     */
    public ComponentConfig withOpenLineage(Optional<dev.rocky.openlineage.OpenLineageSettings> settings) {
        return new ComponentConfig(defsFile, projectRoot, engine, state, translator, graph, governance, lineage, run, attributesSet,
                environmentReferences, developmentMode, sensor, orchestration, settings);
    }

    /** @return {@code models_dir} resolved against the project root */
    public Path resolvedModelsDir() {
        return projectRoot.resolve(engine.modelsDir()).normalize();
    }

    /** @return {@code contracts_dir} resolved against the project root, when set */
    public Optional<Path> resolvedContractsDir() {
        return engine.contractsDir().map(d -> projectRoot.resolve(d).normalize());
    }

    /**
     * @return the attributes that shape what a refresh writes, by name, as recorded in the state's
     *     fingerprint: changing one of them makes the state stale
     */
    public Map<String, String> refreshAttributes() {
        return Map.of(
                "binary_path", engine.binaryPath(),
                "config_path", engine.configPath(),
                "state_path", engine.statePath(),
                "state_namespace", engine.stateNamespace().orElse(""),
                "models_dir", engine.modelsDir(),
                "contracts_dir", engine.contractsDir().orElse(""),
                "surface_optimize_metadata", String.valueOf(graph.surfaceOptimizeMetadata()),
                "dag_mode", String.valueOf(graph.dagMode()),
                "column_lineage_at_refresh", String.valueOf(lineage.atRefresh()));
    }
}
