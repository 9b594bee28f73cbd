package dev.rocky.core.service;

import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.ContractRules;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.core.port.ContractCatalog;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StoredState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The load use case (the Python reference's {@code build_defs_from_state}): read the cached state
 * and build the asset graph. Never calls rocky. A pipeline of single-job stages:
 * <ul>
 *   <li><b>Discover mode</b> (default): {@link DiscoverGraph}, one {@link AssetSpec} per discovered
 *       table (the {@link AssetTranslator}'s key, group, tags and metadata; kinds
 *       {@code ["rocky", <source_type>]}; {@link #DEFAULT_CHECKS}, configured, governance and
 *       contract checks from {@link DeclaredChecks}; freshness), enriched by
 *       {@link ModelEnrichment} (optimize and compile metadata of a model named like the table), then
 *       with {@link Options#surfaceDerivedModels()} {@link DerivedModelGraph}, one asset per
 *       compiled model.</li>
 *   <li><b>DAG mode</b> ({@link Options#dagMode()}): {@link DagGraph}, one asset per DAG node, when
 *       the state's {@code dag_status} is {@code success}; refused with the recorded reason when it
 *       is {@code failed}, {@code disabled} or unknown; the discover graph, with a warning, for a
 *       state written before DAG support (refused under {@code strict_build}).</li>
 *   <li>Then, in both: {@link LineageMerge} (the lineage slot into {@code dagster/column_lineage})
 *       and {@link ContractVerdicts} (contract check results from the compile slot).</li>
 * </ul>
 * Time partitions and freshness follow {@link PartitionRules}. Duplicate tables, keys and checks
 * are dropped with a warning, never a crash. <b>strict_build</b>: a state whose discover slot is
 * empty or failed at refresh is refused.
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

    /**
     * What the load builds; the names are the defs.yaml attributes.
     *
     * @param dagMode {@code dag_mode}: build from the {@code dag} slot
     * @param strictBuild {@code strict_build}: refuse empty, degraded or legacy states
     * @param surfaceDerivedModels {@code surface_derived_models}: compiled models become assets
     * @param surfaceConfiguredChecks {@code surface_configured_checks}: declare configured checks
     * @param surfaceCompliance {@code surface_compliance}: declare {@code compliance_exception}
     * @param tenant {@code tenant}: collapse the tenants' tables into partitioned assets
     */
    public record Options(boolean dagMode, boolean strictBuild, boolean surfaceDerivedModels, boolean surfaceConfiguredChecks,
            boolean surfaceCompliance, Optional<dev.rocky.core.spec.TenantPartitioning> tenant) {

        /** Rejects {@code null}. */
        public Options {
            Objects.requireNonNull(tenant, "tenant is null");
        }

        /**
         * Options without the tenant collapse.
         *
         * @param dagMode {@code dag_mode}
         * @param strictBuild {@code strict_build}
         * @param surfaceDerivedModels {@code surface_derived_models}
         * @param surfaceConfiguredChecks {@code surface_configured_checks}
         * @param surfaceCompliance {@code surface_compliance}
         */
        public Options(boolean dagMode, boolean strictBuild, boolean surfaceDerivedModels, boolean surfaceConfiguredChecks,
                boolean surfaceCompliance) {
            this(dagMode, strictBuild, surfaceDerivedModels, surfaceConfiguredChecks, surfaceCompliance, Optional.empty());
        }

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

    /**
     * The load, step by step.
     * <ol>
     *   <li>A state dagster-rocky wrote: a notice that the next refresh rewrites it.</li>
     *   <li>Slot errors of the last refresh: a warning, or under {@code strict_build} a refusal when
     *       discover failed.</li>
     *   <li>Discover's onboarding signals, as warnings.</li>
     *   <li>The graph: the DAG's in {@code dag_mode} (when the state has one), else the discover
     *       graph with derived models.</li>
     *   <li>Column lineage merged in; contract verdicts decided.</li>
     * </ol>
     */
    private Definitions buildChecked(DefsState state) {
        if (state.writtenByDagsterRocky()) {
            log.warn("the state" + state.storeVersion().map(v -> " (version " + v + ")").orElse("") + " was written by "
                    + "dagster-rocky (it has no format_version); it is read as is, and the next `rocky-component refresh` "
                    + "rewrites it in rocky-java's format");
        }
        refuseOrWarnOfSlotErrors(state);
        warnDiscoverSignals(state.discover());
        Map<String, ContractRules> contractRules = contracts.rules();
        Optional<Definitions> dag = options.dagMode()
                ? new DagGraph(translator, log, options.strictBuild()).build(state) : Optional.empty();
        Definitions graph = dag.isPresent() ? dag.get() : discoverGraph(state, contractRules);
        return withVerdicts(LineageMerge.apply(graph, state.lineage()), state, contractRules);
    }

    private void refuseOrWarnOfSlotErrors(DefsState state) {
        if (state.slotErrors().isEmpty()) {
            return;
        }
        String summary = describeSlotErrors(state);
        if (options.strictBuild() && state.slotErrors().containsKey("discover")) {
            throw unusable(state, "its last refresh could not run rocky discover (" + summary
                    + ") and strict_build is on; fix the cause and run `rocky-component refresh`");
        }
        log.warn("the state's last refresh had failures (" + summary + "); the graph is built from what it kept");
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

    /** The discover graph: discovered tables, then (with {@code surface_derived_models}) the compiled models. */
    private Definitions discoverGraph(DefsState state, Map<String, ContractRules> contractRules) {
        if (options.strictBuild() && state.discover().sources().isEmpty()) {
            throw unusable(state, "its discover slot has no sources and strict_build is on; run `rocky-component refresh` "
                    + "against a project whose discover finds sources, or unset strict_build");
        }
        ModelEnrichment enrichment = new ModelEnrichment(state);
        DiscoverGraph.Draft draft = new DiscoverGraph.Draft(state.discover().tableCount());
        DiscoverGraph discoverGraph = new DiscoverGraph(translator, log, options);
        if (options.tenant().isPresent()) {
            new TenantCollapse(discoverGraph, translator, log, options.tenant().get()).addTo(draft, state.discover(), enrichment,
                    contractRules);
        } else {
            discoverGraph.addTo(draft, state.discover(), enrichment, contractRules);
        }
        if (options.surfaceDerivedModels() && state.compile().isPresent()) {
            new DerivedModelGraph(translator, log, options.surfaceCompliance()).addTo(state.compile().get(), draft.graph,
                    enrichment, contractRules, new PartitionRules(log));
        }
        enrichment.logDiagnostics(log);
        return draft.graph.build(state.storeVersion(), draft.leftOut);
    }

    /** Adds the contract checks' verdicts from the compile slot (see {@link ContractVerdicts}). */
    private Definitions withVerdicts(Definitions defs, DefsState state, Map<String, ContractRules> contractRules) {
        Map<AssetKey, List<CheckVerdict>> verdicts = ContractVerdicts.of(defs.assets(), defs.runTargets(), state.compile(),
                contractRules);
        return verdicts.isEmpty() ? defs
                : new Definitions(defs.assets(), defs.stateVersion(), defs.runTargets(), defs.leftOut(), verdicts);
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

    /** @return the {@code STATE_UNUSABLE} error for a state that cannot give the graph asked for, and why */
    static StateException unusable(DefsState state, String why) {
        return new StateException(ErrorCode.STATE_UNUSABLE, "the state" + state.storeVersion().map(v -> " (version " + v + ")")
                .orElse("") + " cannot be loaded: " + why, null);
    }
}
