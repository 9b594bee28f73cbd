package dev.rocky.core.service;

import dev.rocky.core.dag.ColumnLineageEdge;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.ComponentValue;
import dev.rocky.core.discover.ConfiguredCheck;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.model.Diagnostic;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.model.ModelStrategy;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.model.OptimizeRecommendation;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.ContractCatalog;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.FreshnessPolicy;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TableColumnLineage;
import dev.rocky.core.spec.TimeGrain;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StoredState;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The load use case (the Python reference's {@code build_defs_from_state}): read the cached state
 * and build the asset graph. Never calls rocky.
 *
 * <p><b>Discover mode</b> (default): one {@link AssetSpec} per discovered table, keyed, grouped,
 * tagged and described by the {@link AssetTranslator}, with kinds {@code ["rocky", <source_type>]}
 * and the four built-in checks ({@link #DEFAULT_CHECKS}). On top, from the other slots and options:
 * <ul>
 *   <li>freshness: the compiled model of the same name's {@code freshness.max_lag_seconds} wins over
 *       the pipeline's {@code checks.freshness.threshold_seconds};</li>
 *   <li>{@code compliance_exception} check with {@link Options#surfaceCompliance()}; one check per
 *       configured non-default check name (sanitised {@code [^A-Za-z0-9_]} → {@code _}) with
 *       {@link Options#surfaceConfiguredChecks()}; {@code contract_required_columns},
 *       {@code contract_protected_columns}, {@code contract_column_constraints} for a model with a
 *       contract declaring that rule kind;</li>
 *   <li>optimize recommendations as {@code rocky/current_strategy}, {@code rocky/recommended_strategy},
 *       {@code rocky/estimated_monthly_savings}, {@code rocky/optimize_reasoning}, and compile
 *       diagnostics as {@code rocky/compile_errors} / {@code rocky/compile_warnings} (counts) and
 *       {@code rocky/compile_diagnostics} (one line each), on the asset whose key ends with the
 *       model's name; every model with diagnostics is also logged;</li>
 *   <li>with {@link Options#surfaceDerivedModels()}: one asset per compiled model (key, group, tags
 *       and metadata from the translator's {@code model*} methods, deps from {@code depends_on}, time
 *       partitions from a {@code time_interval} strategy).</li>
 * </ul>
 * Duplicate tables, keys and checks are dropped with a warning, never a crash.
 *
 * <p><b>DAG mode</b> ({@link Options#dagMode()}): the state's {@code dag_status} decides. {@code
 * success}: one asset per DAG node except {@code test} nodes, keyed and grouped by the translator's
 * {@code dagNodeAssetKey} and {@code dagGroupName}, deps from {@code depends_on}, metadata
 * {@code rocky/node_id}, {@code rocky/kind}, {@code rocky/pipeline}, tag {@code rocky/kind}, kinds
 * {@code ["rocky", <kind>]}, freshness and partitions from the node (one definition object per
 * distinct shape), and on a transformation the {@code column_lineage} edges into it as
 * {@code dagster/column_lineage} ({@link TableColumnLineage}: per column, the upstream asset key and
 * column; self-edges skipped; an upstream model with no node keyed by its name); two nodes with one key are an
 * error listing both. {@code failed}, {@code disabled} or an unknown value: refused with the
 * recorded reason. No {@code dag_status} at all (a state written before DAG support): the discover
 * graph, with a warning (refused under {@code strict_build}).
 *
 * <p><b>strict_build</b>: a state whose discover slot is empty or failed at refresh is refused.
 *
 * <p>Thread-safe if its ports are.
 */
public final class BuildDefinitions {

    /** The checks rocky runs on every replicated table, in declaration order. */
    public static final List<String> DEFAULT_CHECKS = List.of("row_count", "column_match", "freshness", "row_count_anomaly");

    /** The governance check declared with {@code surface_compliance}. */
    public static final String COMPLIANCE_CHECK = "compliance_exception";

    /** The first partition of a time-partitioned asset whose model declares none. */
    public static final LocalDate DEFAULT_FIRST_PARTITION = LocalDate.of(2020, 1, 1);

    private static final List<String> DEFAULT_CHECK_DESCRIPTIONS = List.of(
            "Rocky row_count check: the target's row count matches the source's",
            "Rocky column_match check: the target's columns match the source's",
            "Rocky freshness check: the table was synced within the pipeline's freshness threshold",
            "Rocky row_count_anomaly check: the row count did not deviate from its history beyond the anomaly threshold");

    /**
     * What the load builds; the names are the defs.yaml attributes.
     *
     * @param dagMode {@code dag_mode}: build from the {@code dag} slot
     * @param strictBuild {@code strict_build}: refuse empty, degraded or legacy states
     * @param surfaceDerivedModels {@code surface_derived_models}: compiled models become assets
     * @param surfaceConfiguredChecks {@code surface_configured_checks}: declare configured checks
     * @param surfaceCompliance {@code surface_compliance}: declare {@code compliance_exception}
     */
    public record Options(boolean dagMode, boolean strictBuild, boolean surfaceDerivedModels, boolean surfaceConfiguredChecks,
            boolean surfaceCompliance) {

        /** @return the reference's defaults: everything off */
        public static Options defaults() {
            return new Options(false, false, false, false, false);
        }
    }

    private final DefsStateStore store;
    private final StateCodec codec;
    private final AssetTranslator translator;
    private final LogSink log;
    private final Options options;
    private final ContractCatalog contracts;

    /**
     * A load with the default options and no contracts.
     *
     * @param store where the state is read from
     * @param codec how it is decoded
     * @param translator how tables become assets
     * @param log where warnings go
     */
    public BuildDefinitions(DefsStateStore store, StateCodec codec, AssetTranslator translator, LogSink log) {
        this(store, codec, translator, log, Options.defaults(), ContractCatalog.NONE);
    }

    /**
     * @param store where the state is read from
     * @param codec how it is decoded
     * @param translator how rocky objects become assets
     * @param log where warnings go
     * @param options what to build
     * @param contracts the project's data contracts
     */
    public BuildDefinitions(DefsStateStore store, StateCodec codec, AssetTranslator translator, LogSink log, Options options,
            ContractCatalog contracts) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.codec = Objects.requireNonNull(codec, "codec is null");
        this.translator = Objects.requireNonNull(translator, "translator is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.contracts = Objects.requireNonNull(contracts, "contracts is null");
    }

    /**
     * Reads the state and builds the graph.
     *
     * @return the asset graph, carrying the state version it was built from
     * @throws StateException {@code STATE_MISSING} when no state has been written (run
     *     {@code rocky-component refresh}), {@code STATE_CORRUPT} when it cannot be decoded,
     *     {@code STATE_IO} when it cannot be read, {@code STATE_UNUSABLE} as {@link #build}
     * @throws RockyException {@code GRAPH_INVALID} or {@code CONFIG_INVALID} as {@link #build}
     */
    public Definitions load() {
        return build(readState());
    }

    /**
     * Reads and decodes the state without building the graph.
     *
     * @return the decoded state, marked with the store version it was read from
     * @throws StateException as {@link #load()}
     */
    public DefsState readState() {
        return readState(store, codec);
    }

    /**
     * Reads and decodes the state of a store.
     *
     * @param store where the state is read from
     * @param codec how it is decoded
     * @return the decoded state, marked with the store version it was read from
     * @throws StateException as {@link #load()}
     */
    public static DefsState readState(DefsStateStore store, StateCodec codec) {
        Optional<StoredState> stored = store.read();
        if (stored.isEmpty()) {
            throw new StateException(ErrorCode.STATE_MISSING, "no state at " + store.location()
                    + "; run `rocky-component refresh` to call rocky once and write it", null);
        }
        return codec.decode(stored.get()).withStoreVersion(stored.get().version());
    }

    /**
     * Builds the graph from a decoded state. No I/O but warnings to the log and reading the
     * contract files.
     *
     * @param state the decoded state
     * @return the asset graph
     * @throws StateException {@code STATE_UNUSABLE} when the state cannot give the graph asked for
     *     (DAG mode with a failed, disabled or unknown {@code dag_status}; {@code strict_build} with
     *     an empty, degraded or legacy state)
     * @throws StateException {@code STATE_CORRUPT} when the state holds a value the asset specs refuse
     *     (an empty name where a key segment goes)
     * @throws RockyException {@code GRAPH_INVALID} when two DAG nodes map to one asset key;
     *     {@code CONFIG_INVALID} when a contract file is malformed
     */
    public Definitions build(DefsState state) {
        try {
            return buildChecked(state);
        } catch (IllegalArgumentException e) {
            // The domain types refused a value the state carries (e.g. an empty name where a key segment goes).
            throw new StateException(ErrorCode.STATE_CORRUPT, "the state at " + store.location() + " holds a value the graph "
                    + "cannot be built from (" + e.getMessage() + "); run `rocky-component refresh` to rewrite it", e);
        }
    }

    private Definitions buildChecked(DefsState state) {
        if (!state.slotErrors().isEmpty()) {
            String summary = describeSlotErrors(state);
            if (options.strictBuild() && state.slotErrors().containsKey("discover")) {
                throw unusable(state, "its last refresh could not run rocky discover (" + summary
                        + ") and strict_build is on; fix the cause and run `rocky-component refresh`");
            }
            log.warn("the state's last refresh had failures (" + summary + "); the graph is built from what it kept");
        }
        Map<String, ContractRules> contractRules = contracts.rules();
        warnDiscoverSignals(state.discover());
        if (options.dagMode()) {
            Optional<Definitions> dag = dagGraph(state);
            if (dag.isPresent()) {
                return withVerdicts(withLineage(dag.get(), state.lineage()), state, contractRules);
            }
        }
        if (options.strictBuild() && state.discover().sources().isEmpty()) {
            throw unusable(state, "its discover slot has no sources and strict_build is on; run `rocky-component refresh` "
                    + "against a project whose discover finds sources, or unset strict_build");
        }
        return withVerdicts(withLineage(discoverGraph(state, contractRules), state.lineage()), state, contractRules);
    }

    /**
     * The onboarding signals discover reports, as warnings at load, as the reference's
     * {@code _warn_discover_signals}: a cross-source collision (one external object onboarded under
     * two schemas) and source schemas seen for the first time.
     */
    private void warnDiscoverSignals(DiscoverResult discover) {
        for (DiscoverResult.CollisionCandidate c : discover.collisionCandidates()) {
            log.warn("rocky discover: cross-source collision: external object id " + c.externalObjectId() + " resolves to "
                    + c.sources().size() + " sources (" + String.join(", ", c.sources()) + "); the same object appears to be "
                    + "onboarded more than once under different schemas: review these sources for a duplicate");
        }
        if (!discover.newSources().isEmpty()) {
            log.warn("rocky discover: " + discover.newSources().size() + " new source schema(s) seen for the first time since the "
                    + "last discover (" + String.join(", ", discover.newSources()) + "); confirm these are intentional onboardings, "
                    + "not duplicates of existing sources");
        }
    }

    /** Adds the contract checks' verdicts from the compile slot (see {@link ContractVerdicts}). */
    private Definitions withVerdicts(Definitions defs, DefsState state, Map<String, ContractRules> contractRules) {
        Map<AssetKey, List<CheckVerdict>> verdicts = ContractVerdicts.of(defs.assets(), defs.runTargets(), state.compile(),
                contractRules);
        return verdicts.isEmpty() ? defs
                : new Definitions(defs.assets(), defs.stateVersion(), defs.runTargets(), defs.leftOut(), verdicts);
    }

    /**
     * Merges {@code rocky lineage} results into {@code dagster/column_lineage} of the model assets
     * they describe (matched by model name), after what the DAG already gave: per target column, its
     * upstream asset (the upstream model's key, or its name when it has no asset) and column;
     * self-edges and repeats left out.
     */
    static Definitions withLineage(Definitions defs, List<ModelLineage> lineage) {
        if (lineage.isEmpty()) {
            return defs;
        }
        Map<String, AssetKey> keyOfModel = new HashMap<>();
        defs.runTargets().forEach((key, target) -> {
            if (target instanceof RunTarget.Model m) {
                keyOfModel.putIfAbsent(m.name(), key);
            }
        });
        Map<AssetKey, Map<String, List<TableColumnLineage.ColumnDep>>> add = new HashMap<>();
        for (ModelLineage ml : lineage) {
            for (ModelLineage.Edge edge : ml.edges()) {
                AssetKey target = keyOfModel.get(edge.targetModel());
                if (target == null || edge.sourceModel().isEmpty() || edge.sourceModel().equals(edge.targetModel())) {
                    continue;
                }
                TableColumnLineage.ColumnDep dep = new TableColumnLineage.ColumnDep(
                        keyOfModel.getOrDefault(edge.sourceModel(), AssetKey.of(edge.sourceModel())), edge.sourceColumn());
                List<TableColumnLineage.ColumnDep> deps = add.computeIfAbsent(target, k -> new LinkedHashMap<>())
                        .computeIfAbsent(edge.targetColumn(), c -> new ArrayList<>(2));
                if (!deps.contains(dep)) {
                    deps.add(dep);
                }
            }
        }
        if (add.isEmpty()) {
            return defs;
        }
        List<AssetSpec> assets = new ArrayList<>(defs.assets().size());
        for (AssetSpec a : defs.assets()) {
            Map<String, List<TableColumnLineage.ColumnDep>> extra = add.get(a.key());
            if (extra == null) {
                assets.add(a);
                continue;
            }
            Map<String, List<TableColumnLineage.ColumnDep>> merged = new LinkedHashMap<>();
            MetadataValue existing = a.metadata().get("dagster/column_lineage");
            if (existing instanceof MetadataValue.ColumnLineage c) {
                c.lineage().depsByColumn().forEach((col, deps) -> merged.put(col, new ArrayList<>(deps)));
            }
            extra.forEach((col, deps) -> {
                List<TableColumnLineage.ColumnDep> into = merged.computeIfAbsent(col, k -> new ArrayList<>(deps.size()));
                deps.forEach(d -> {
                    if (!into.contains(d)) {
                        into.add(d);
                    }
                });
            });
            Map<String, MetadataValue> metadata = new LinkedHashMap<>(a.metadata());
            metadata.put("dagster/column_lineage", MetadataValue.columnLineage(new TableColumnLineage(merged)));
            assets.add(new AssetSpec(a.key(), a.group(), a.deps(), a.kinds(), a.tags(), metadata, a.checks(), a.freshness(),
                    a.partitions()));
        }
        return new Definitions(assets, defs.stateVersion(), defs.runTargets(), defs.leftOut(), defs.verdicts());
    }

    private Optional<Definitions> dagGraph(DefsState state) {
        if (state.recordedDagStatus().isEmpty()) {
            if (options.strictBuild()) {
                throw unusable(state, "it was written before dag_status was recorded, so its DAG cannot be trusted, and "
                        + "strict_build is on; run `rocky-component refresh` with dag_mode: true");
            }
            log.warn("the state at " + state.storeVersion().orElse("the store") + " has no dag_status (written before DAG "
                    + "support), so the discover graph is built instead; run `rocky-component refresh` to get the DAG graph");
            return Optional.empty();
        }
        String status = state.recordedDagStatus().get();
        Optional<DagStatus> known = state.dagStatus();
        if (known.isEmpty()) {
            throw unusable(state, "its dag_status is '" + status + "', which this build does not know (expected success, "
                    + "failed or disabled); upgrade rocky-java or run `rocky-component refresh`");
        }
        if (known.get() == DagStatus.FAILED) {
            throw unusable(state, "rocky dag failed at its last refresh (dag_status failed: "
                    + state.dagError().orElse("no reason recorded") + "); fix the cause and run `rocky-component refresh`");
        }
        if (known.get() == DagStatus.DISABLED) {
            throw unusable(state, "it was written with dag_mode off (dag_status disabled), so it has no DAG; run "
                    + "`rocky-component refresh` now that dag_mode is on");
        }
        if (state.dag().isEmpty()) {
            throw unusable(state, "its dag_status is success but it has no dag slot; run `rocky-component refresh`");
        }
        return Optional.of(buildDag(state.dag().get(), state));
    }

    private Definitions buildDag(DagResult dag, DefsState state) {
        warnIfNewerSchema(dag);
        Map<String, AssetKey> keyOf = new HashMap<>(dag.nodes().size() * 4 / 3 + 1);
        Map<AssetKey, List<DagNode>> byKey = new LinkedHashMap<>(dag.nodes().size() * 4 / 3 + 1);
        for (DagNode node : dag.nodes()) {
            if (node.kind().equals("test")) {
                continue;
            }
            if (keyOf.containsKey(node.id())) {
                log.warn("rocky dag lists node " + node.id() + " more than once; the repeat is skipped");
                continue;
            }
            AssetKey key = translator.dagNodeAssetKey(node);
            keyOf.put(node.id(), key);
            byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(node);
        }
        List<String> collisions = new ArrayList<>();
        byKey.forEach((key, nodes) -> {
            if (nodes.size() > 1) {
                List<String> who = nodes.stream().map(n -> n.id() + " (pipeline " + n.pipeline().orElse("none") + ")").toList();
                collisions.add(key + " ← " + String.join(", ", who));
            }
        });
        if (!collisions.isEmpty()) {
            throw new RockyException(ErrorCode.GRAPH_INVALID, "two or more DAG nodes map to one asset key: "
                    + String.join("; ", collisions) + "; use a translator whose dagNodeAssetKey tells them apart");
        }
        Map<String, TableColumnLineage> lineage = columnLineage(dag, byKey);
        Map<PartitionsDefinition, PartitionsDefinition> shared = new HashMap<>();
        List<AssetSpec> assets = new ArrayList<>(byKey.size());
        Map<AssetKey, RunTarget> targets = new HashMap<>(byKey.size() * 4 / 3 + 1);
        List<String> sourceIds = state.discover().sources().stream().map(Source::id).toList();
        for (Map.Entry<AssetKey, List<DagNode>> e : byKey.entrySet()) {
            DagNode node = e.getValue().get(0);
            dagRunTarget(node, sourceIds).ifPresent(t -> targets.put(e.getKey(), t));
            List<AssetKey> deps = new ArrayList<>(node.dependsOn().size());
            for (String upstream : node.dependsOn()) {
                AssetKey dep = keyOf.get(upstream);
                if (dep != null && !dep.equals(e.getKey()) && !deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            Map<String, MetadataValue> metadata = new LinkedHashMap<>();
            metadata.put("rocky/node_id", MetadataValue.text(node.id()));
            metadata.put("rocky/kind", MetadataValue.text(node.kind()));
            metadata.put("rocky/pipeline", MetadataValue.textOrNull(node.pipeline().orElse(null)));
            node.target().ifPresent(t -> metadata.put("dagster-rocky/target_table_full_name", MetadataValue.text(t.fullName())));
            node.strategy().ifPresent(s -> metadata.put("dagster-rocky/strategy", MetadataValue.text(s.type())));
            Optional<FreshnessPolicy> freshness = positive(node.freshnessMaxLagSeconds());
            if (node.kind().equals("transformation") && lineage.containsKey(node.label())) {
                metadata.put("dagster/column_lineage", MetadataValue.columnLineage(lineage.get(node.label())));
            }
            Optional<PartitionsDefinition> partitions = node.partitionShape()
                    .flatMap(shape -> partitions(grainOf(shape), node.firstPartition(), node.id()))
                    .map(p -> shared.computeIfAbsent(p, x -> x));
            assets.add(new AssetSpec(e.getKey(), translator.dagGroupName(node), deps, List.of("rocky", node.kind()),
                    Map.of("rocky/kind", node.kind()), metadata, List.of(), freshness, partitions));
        }
        return new Definitions(assets, state.storeVersion(), targets);
    }

    /**
     * How a DAG node is materialized: a transformation by its model (label), a source or load node
     * by its replication pipeline's discovered sources, seed, quality and snapshot nodes by a
     * placeholder. A source or load node without a pipeline cannot be run and gets none.
     */
    private Optional<RunTarget> dagRunTarget(DagNode node, List<String> sourceIds) {
        switch (node.kind()) {
            case "transformation":
                return Optional.of(new RunTarget.Model(node.label(), node.target()
                        .map(t -> List.of(t.catalog(), t.schema(), t.table())).orElse(List.of()), node.pipeline()));
            case "source":
            case "load":
                if (node.pipeline().isEmpty()) {
                    log.warn("DAG node " + node.id() + " names no pipeline, so it cannot be materialized");
                    return Optional.empty();
                }
                return Optional.of(new RunTarget.ReplicationPipeline(node.pipeline().get(), sourceIds));
            default:
                return Optional.of(new RunTarget.Placeholder(node.kind()));
        }
    }

    /**
     * The {@code column_lineage} edges per target model: each column's upstream columns, keyed by
     * the upstream model's asset key (its model name when no transformation node has that label),
     * self-edges and repeats left out.
     */
    private static Map<String, TableColumnLineage> columnLineage(DagResult dag, Map<AssetKey, List<DagNode>> byKey) {
        if (dag.columnLineage().isEmpty()) {
            return Map.of();
        }
        Map<String, AssetKey> modelKeys = new HashMap<>();
        byKey.forEach((key, nodes) -> {
            for (DagNode node : nodes) {
                if (node.kind().equals("transformation")) {
                    modelKeys.putIfAbsent(node.label(), key);
                }
            }
        });
        Map<String, Map<String, List<TableColumnLineage.ColumnDep>>> byModel = new LinkedHashMap<>();
        for (ColumnLineageEdge edge : dag.columnLineage()) {
            if (edge.sourceModel().equals(edge.targetModel())) {
                continue;
            }
            AssetKey upstream = modelKeys.get(edge.sourceModel());
            TableColumnLineage.ColumnDep dep = new TableColumnLineage.ColumnDep(
                    upstream != null ? upstream : AssetKey.of(edge.sourceModel()), edge.sourceColumn());
            List<TableColumnLineage.ColumnDep> deps = byModel.computeIfAbsent(edge.targetModel(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.targetColumn(), c -> new ArrayList<>(2));
            if (!deps.contains(dep)) {
                deps.add(dep);
            }
        }
        Map<String, TableColumnLineage> out = new HashMap<>(byModel.size() * 4 / 3 + 1);
        byModel.forEach((model, columns) -> out.put(model, new TableColumnLineage(columns)));
        return out;
    }

    private void warnIfNewerSchema(DagResult dag) {
        try {
            if (Integer.parseInt(dag.schemaVersion().strip()) > Integer.parseInt(DagResult.SUPPORTED_SCHEMA_VERSION)) {
                log.warn("rocky dag schema_version " + dag.schemaVersion() + " is newer than " + DagResult.SUPPORTED_SCHEMA_VERSION
                        + ", the one this rocky-java understands; the graph is built from the fields it knows; upgrade "
                        + "rocky-java to pick up the rest");
            }
        } catch (NumberFormatException e) {
            log.log(LogSink.Level.DEBUG, "rocky dag schema_version '" + dag.schemaVersion() + "' is not a number; not compared");
        }
    }

    private Definitions discoverGraph(DefsState state, Map<String, ContractRules> contractRules) {
        DiscoverResult discover = state.discover();
        Optional<FreshnessPolicy> pipelineFreshness = discover.checks().flatMap(c -> positive(c.freshnessThresholdSeconds()));
        Map<String, ModelDetail> models = new HashMap<>();
        Map<String, List<Diagnostic>> diagnostics = new HashMap<>();
        state.compile().ifPresent(c -> index(c, models, diagnostics));
        // Merged whenever the state has the slot, as the reference: surface_optimize_metadata gates the refresh's call only.
        Map<String, OptimizeRecommendation> recommendations = new HashMap<>();
        state.optimize().ifPresent(o -> o.recommendations().forEach(r -> recommendations.putIfAbsent(r.modelName(), r)));
        Map<String, List<ConfiguredCheck>> configured = options.surfaceConfiguredChecks()
                ? discover.checks().map(c -> c.configuredChecks()).orElse(Map.of()) : Map.of();

        List<AssetSpec> assets = new ArrayList<>(discover.tableCount());
        Map<AssetKey, RunTarget> targets = new HashMap<>(discover.tableCount() * 4 / 3 + 1);
        Set<AssetKey> seen = new HashSet<>(discover.tableCount() * 4 / 3 + 1);
        AssetSpec previous = null;
        List<String> leftOut = new ArrayList<>();
        for (Source source : discover.sources()) {
            warnOfNamesOutsideTheAlphabet(source);
            String group;
            try {
                group = translator.groupName(source);
            } catch (RockyException e) {
                dropOrThrow(e, source, source.tables().size(), leftOut);
                continue;
            }
            List<String> kinds = List.of("rocky", source.sourceType());
            Map<String, String> single = singleComponents(source);
            List<String> prefix = enginePrefix(source);
            int dropped = 0;
            RockyException firstDrop = null;
            for (Table table : source.tables()) {
                AssetKey key;
                Map<String, MetadataValue> metadata;
                Map<String, String> tags;
                List<AssetKey> deps;
                try {
                    key = translator.assetKey(source, table);
                    metadata = translator.metadata(source, table);
                    tags = translator.tags(source, table);
                    deps = translator.assetDeps(source, table);
                } catch (RockyException e) {
                    if (e.code() != ErrorCode.TRANSLATOR_OUTPUT || options.strictBuild()) {
                        throw e;
                    }
                    dropped++;
                    firstDrop = firstDrop == null ? e : firstDrop;
                    continue;
                }
                if (!seen.add(key)) {
                    collision(key, source, table, targets, leftOut);
                    continue;
                }
                Optional<FreshnessPolicy> freshness = Optional.ofNullable(models.get(table.name()))
                        .flatMap(m -> positive(m.freshnessMaxLagSeconds())).or(() -> pipelineFreshness);
                // The reference's spec extras (_build_asset_spec): the source's identity, and the deps as text.
                metadata = new LinkedHashMap<>(metadata);
                metadata.put("dagster-rocky/source_id", MetadataValue.text(source.id()));
                metadata.put("dagster-rocky/source_type", MetadataValue.text(source.sourceType()));
                if (!deps.isEmpty()) {
                    metadata.put("rocky/upstream_keys", MetadataValue.text(String.join(", ",
                            deps.stream().map(AssetKey::toUserString).toList())));
                }
                if (recommendations.containsKey(key.leaf()) || diagnostics.containsKey(key.leaf())) {
                    enrich(metadata, key.leaf(), recommendations, diagnostics);
                }
                if (previous != null && tags.equals(previous.tags())) {
                    tags = previous.tags();
                }
                Checks checks = new Checks(key);
                for (int i = 0; i < DEFAULT_CHECKS.size(); i++) {
                    checks.add(DEFAULT_CHECKS.get(i), DEFAULT_CHECK_DESCRIPTIONS.get(i));
                }
                for (ConfiguredCheck check : configured.getOrDefault(table.name(), List.of())) {
                    if (check.candidate()) {
                        continue; // a candidate is not emitted on every run, so the reference declares no spec for it
                    }
                    checks.add(sanitizeCheckName(check.name()), "Rocky " + check.kind() + " check '" + check.name()
                            + "' configured on the pipeline");
                }
                commonChecks(checks, key.leaf(), contractRules);
                previous = new AssetSpec(key, group, deps, kinds, tags, metadata, checks.list, freshness, Optional.empty());
                assets.add(previous);
                List<String> engineKey = new ArrayList<>(prefix.size() + 1);
                engineKey.addAll(prefix);
                engineKey.add(table.name());
                RunTarget.SourceTable target = new RunTarget.SourceTable(source.id(), single, engineKey, Optional.empty());
                single = target.components();
                targets.put(key, target);
            }
            if (firstDrop != null) {
                dropOrThrow(firstDrop, source, dropped, leftOut);
            }
        }
        if (options.surfaceDerivedModels() && state.compile().isPresent()) {
            derivedModels(state.compile().get(), seen, assets, targets, recommendations, diagnostics, contractRules);
        }
        logDiagnostics(diagnostics);
        return new Definitions(assets, state.storeVersion(), targets, leftOut);
    }

    /**
     * A translator's invalid output leaves out the tables it was computed for, with one warning per
     * source naming the first problem; under {@code strict_build} it fails the load.
     */
    private void dropOrThrow(RockyException e, Source source, int tables, List<String> leftOut) {
        if (e.code() != ErrorCode.TRANSLATOR_OUTPUT || options.strictBuild()) {
            throw e;
        }
        String message = tables + (tables == 1 ? " table" : " tables") + " of source " + source.id() + " left out of the graph, "
                + "because the translator's output for " + (tables == 1 ? "it" : "them") + " is invalid (the first: "
                + e.getMessage() + "); set strict_build: true to fail the load instead";
        log.warn(message);
        leftOut.add(message);
    }

    /**
     * Two tables that map to one asset key: the second is left out, naming both (the same table
     * listed twice is only a repeat); under {@code strict_build} the load fails.
     */
    private void collision(AssetKey key, Source source, Table table, Map<AssetKey, RunTarget> targets, List<String> leftOut) {
        RunTarget first = targets.get(key);
        String firstName = first instanceof RunTarget.SourceTable t ? t.sourceId() + "." + t.engineKey().get(t.engineKey().size() - 1)
                : "another asset";
        String secondName = source.id() + "." + table.name();
        if (firstName.equals(secondName)) {
            log.warn("discover lists table " + table.name() + " of source " + source.id() + " under asset key " + key
                    + " more than once; the repeat is skipped");
            return;
        }
        String message = "tables " + firstName + " and " + secondName + " both map to asset key " + key + "; " + secondName
                + " is left out (a translator or translation template that keeps their names apart fixes it)";
        if (options.strictBuild()) {
            throw new RockyException(ErrorCode.GRAPH_INVALID, message);
        }
        log.warn(message);
        leftOut.add(message);
    }

    /**
     * One warning per source whose names are outside the asset-key alphabet: the built-in
     * translator maps them ({@link AssetTranslator#keySegment}), so the key differs from the name
     * rocky reports. A scan of each name; the mapping is computed for the three shown only.
     */
    private void warnOfNamesOutsideTheAlphabet(Source source) {
        List<String> shown = new ArrayList<>(3);
        int count = count(source.sourceType(), shown);
        for (ComponentValue v : source.components().values()) {
            count += count(v.joined(), shown);
        }
        for (Table t : source.tables()) {
            count += count(t.name(), shown);
        }
        if (count > 0) {
            log.warn("source " + source.id() + " has " + count + (count == 1 ? " name" : " names") + " outside the asset-key "
                    + "alphabet [A-Za-z0-9_.-], which the built-in translator maps (" + String.join(", ", shown)
                    + (count > shown.size() ? ", …" : "") + ")");
        }
    }

    /** @return 1 when {@code name} is outside the key alphabet (noting the first three), else 0 */
    private static int count(String name, List<String> shown) {
        String segment = AssetNames.keySegment(name);
        if (segment.equals(name)) {
            return 0;
        }
        if (shown.size() < 3) {
            shown.add("'" + printable(name) + "' -> " + segment);
        }
        return 1;
    }

    private static String printable(String s) {
        return dev.rocky.core.run.CliArgument.printable(s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }

    /** The source's single-valued components, in pattern order: the candidates for a group filter. */
    private static Map<String, String> singleComponents(Source source) {
        Map<String, String> out = new LinkedHashMap<>();
        source.components().forEach((k, v) -> {
            if (v instanceof ComponentValue.Single s) {
                out.put(k, s.value());
            }
        });
        return out;
    }

    /** {@code [source_type, components…]}: the engine key of the source's tables, without the table. */
    private static List<String> enginePrefix(Source source) {
        List<String> out = new ArrayList<>(source.components().size() + 2);
        out.add(source.sourceType());
        source.components().values().forEach(v -> {
            if (v instanceof ComponentValue.Multi m) {
                out.addAll(m.values());
            } else {
                out.add(((ComponentValue.Single) v).value());
            }
        });
        return out;
    }

    private void derivedModels(CompileResult compile, Set<AssetKey> seen, List<AssetSpec> assets, Map<AssetKey, RunTarget> targets,
            Map<String, OptimizeRecommendation> recommendations, Map<String, List<Diagnostic>> diagnostics,
            Map<String, ContractRules> contractRules) {
        Map<String, AssetKey> keyOf = new HashMap<>();
        for (ModelDetail model : compile.models()) {
            keyOf.putIfAbsent(model.name(), translator.modelAssetKey(model));
        }
        Set<String> built = new HashSet<>();
        for (ModelDetail model : compile.models()) {
            AssetKey key = keyOf.get(model.name());
            if (!built.add(model.name()) || !seen.add(key)) {
                log.warn("compiled model " + model.name() + " maps to asset key " + key
                        + ", which is already in the graph; the model is skipped");
                continue;
            }
            List<AssetKey> deps = new ArrayList<>(model.dependsOn().size());
            for (String upstream : model.dependsOn()) {
                AssetKey dep = keyOf.get(upstream);
                if (dep == null) {
                    // As the reference: a depends_on entry that is not a compiled model has no asset to point at.
                    log.log(LogSink.Level.DEBUG, "model " + model.name() + " depends on " + upstream
                            + ", which is not a compiled model; no dependency is declared for it");
                } else if (!dep.equals(key) && !deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            Map<String, MetadataValue> metadata = new LinkedHashMap<>(translator.modelMetadata(model));
            enrich(metadata, model.name(), recommendations, diagnostics);
            Map<String, String> tags = translator.modelTags(model);
            Checks checks = new Checks(key);
            commonChecks(checks, model.name(), contractRules);
            assets.add(new AssetSpec(key, translator.modelGroupName(model), deps, List.of("rocky", "model"), tags, metadata,
                    checks.list, positive(model.freshnessMaxLagSeconds()), partitions(model.strategy(), model.name())));
            ModelTarget t = model.target();
            targets.put(key, new RunTarget.Model(model.name(), List.of(t.catalog(), t.schema(), t.table()), Optional.empty()));
        }
    }

    private void commonChecks(Checks checks, String modelName, Map<String, ContractRules> contractRules) {
        if (options.surfaceCompliance()) {
            checks.add(COMPLIANCE_CHECK, "Rocky governance: no classification exception on this asset's columns");
        }
        ContractRules rules = contractRules.get(modelName);
        if (rules != null) {
            if (rules.required()) {
                checks.add(ContractVerdicts.REQUIRED, "Required columns from the model's .contract.toml are present");
            }
            if (rules.protectedColumns()) {
                checks.add(ContractVerdicts.PROTECTED, "Protected columns from the model's .contract.toml were not removed");
            }
            if (rules.columnConstraints()) {
                checks.add(ContractVerdicts.CONSTRAINTS,
                        "Column types and nullability from the model's .contract.toml are satisfied");
            }
        }
    }

    private static void enrich(Map<String, MetadataValue> metadata, String modelName,
            Map<String, OptimizeRecommendation> recommendations, Map<String, List<Diagnostic>> diagnostics) {
        OptimizeRecommendation r = recommendations.get(modelName);
        if (r != null) {
            metadata.put("rocky/current_strategy", MetadataValue.text(r.currentStrategy()));
            metadata.put("rocky/recommended_strategy", MetadataValue.text(r.recommendedStrategy()));
            metadata.put("rocky/estimated_monthly_savings", new MetadataValue.FloatValue(r.estimatedMonthlySavings()));
            metadata.put("rocky/optimize_reasoning", MetadataValue.text(r.reasoning()));
        }
        List<Diagnostic> found = diagnostics.get(modelName);
        if (found != null) {
            long errors = found.stream().filter(Diagnostic::isError).count();
            metadata.put("rocky/compile_errors", MetadataValue.integer(errors));
            metadata.put("rocky/compile_warnings", MetadataValue.integer(found.size() - errors));
            metadata.put("rocky/compile_diagnostics", MetadataValue.text(String.join("\n",
                    found.stream().map(d -> d.severity() + " " + d.code() + ": " + d.message()).toList())));
        }
    }

    private static void index(CompileResult compile, Map<String, ModelDetail> models, Map<String, List<Diagnostic>> diagnostics) {
        for (ModelDetail m : compile.models()) {
            models.putIfAbsent(m.name(), m);
        }
        for (Diagnostic d : compile.diagnostics()) {
            if (!d.severity().equalsIgnoreCase("info")) {
                diagnostics.computeIfAbsent(d.model(), k -> new ArrayList<>()).add(d);
            }
        }
    }

    private void logDiagnostics(Map<String, List<Diagnostic>> diagnostics) {
        diagnostics.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long errors = e.getValue().stream().filter(Diagnostic::isError).count();
            log.warn("rocky compile reported " + errors + " error(s) and " + (e.getValue().size() - errors)
                    + " warning(s) for model " + e.getKey() + ": " + String.join("; ",
                    e.getValue().stream().map(d -> d.code() + " " + d.message()).toList()));
        });
    }

    private Optional<PartitionsDefinition> partitions(ModelStrategy strategy, String model) {
        if (!strategy.type().equals("time_interval") || strategy.granularity().isEmpty()) {
            return Optional.empty();
        }
        return partitions(strategy.granularity(), strategy.firstPartition(), model);
    }

    private Optional<PartitionsDefinition> partitions(Optional<TimeGrain> grain, Optional<String> first, String owner) {
        if (grain.isEmpty()) {
            log.warn(owner + " has a partition shape this build does not know; it is built unpartitioned");
            return Optional.empty();
        }
        LocalDate start = DEFAULT_FIRST_PARTITION;
        if (first.isPresent() && !first.get().isBlank()) {
            try {
                start = firstPartitionDate(first.get());
            } catch (DateTimeParseException e) {
                log.warn(owner + " declares first_partition '" + first.get() + "', which is not a partition key; "
                        + DEFAULT_FIRST_PARTITION + " is used");
            }
        }
        return Optional.of(new PartitionsDefinition.TimeWindow(grain.get(), start));
    }

    /**
     * @param key a partition key in rocky's canonical form: {@code 2026}, {@code 2026-04},
     *     {@code 2026-04-08} or {@code 2026-04-08T13}
     * @return the date the partition starts on
     * @throws DateTimeParseException when it is none of those
     */
    static LocalDate firstPartitionDate(String key) {
        String k = key.strip();
        int t = k.indexOf('T');
        String date = t >= 0 ? k.substring(0, t) : k;
        if (date.matches("\\d{4}")) {
            return LocalDate.parse(date + "-01-01");
        }
        if (date.matches("\\d{4}-\\d{2}")) {
            return LocalDate.parse(date + "-01");
        }
        return LocalDate.parse(date);
    }

    private static Optional<TimeGrain> grainOf(String shape) {
        String s = shape.toLowerCase(Locale.ROOT);
        switch (s) {
            case "hourly":
                return Optional.of(TimeGrain.HOUR);
            case "daily":
                return Optional.of(TimeGrain.DAY);
            case "monthly":
                return Optional.of(TimeGrain.MONTH);
            case "yearly":
                return Optional.of(TimeGrain.YEAR);
            default:
                return TimeGrain.fromWireName(s);
        }
    }

    private static Optional<FreshnessPolicy> positive(OptionalLong seconds) {
        return seconds.isPresent() && seconds.getAsLong() > 0
                ? Optional.of(FreshnessPolicy.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }

    /**
     * @param name a configured check's name
     * @return the name with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}
     */
    public static String sanitizeCheckName(String name) {
        return AssetNames.sanitize(name);
    }

    private static String describeSlotErrors(DefsState state) {
        List<String> parts = new ArrayList<>();
        state.slotErrors().forEach((slot, message) -> parts.add(slot + (state.carriedForward().contains(slot)
                ? " kept from an earlier refresh" : " missing") + ": " + message));
        return String.join("; ", parts);
    }

    private static StateException unusable(DefsState state, String why) {
        return new StateException(ErrorCode.STATE_UNUSABLE, "the state" + state.storeVersion().map(v -> " (version " + v + ")")
                .orElse("") + " cannot be loaded: " + why, null);
    }

    /** The checks of one asset, without duplicate names. */
    private final class Checks {
        private final AssetKey key;
        private final List<AssetCheckSpec> list = new ArrayList<>(8);

        Checks(AssetKey key) {
            this.key = key;
        }

        void add(String name, String description) {
            boolean repeat = false;
            for (int i = 0; i < list.size() && !repeat; i++) {
                repeat = list.get(i).name().equals(name);
            }
            if (repeat) {
                log.warn("check " + name + " is declared twice on " + key + "; the repeat is dropped");
                return;
            }
            list.add(new AssetCheckSpec(name, key, description));
        }
    }
}
