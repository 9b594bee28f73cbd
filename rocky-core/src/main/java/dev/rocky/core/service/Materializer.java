package dev.rocky.core.service;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.MaterializationSummary;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResolvers;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Materializes selected assets of a graph: turns the selection into {@code rocky run} calls by each
 * asset's {@link RunTarget}, runs them through a {@link RockyResource}, and turns what they print
 * into {@link RunEvent}s for the selected assets only, deduplicated, plus one {@link AssetFailure}
 * per failed asset.
 *
 * <p><b>Dispatch.</b>
 * <ul>
 *   <li>Discovered tables: grouped by asset group. A whole group whose sources are exactly those one
 *       {@code <component>=<value>} pair selects runs once with that filter; otherwise one run per
 *       source with {@code --filter id=<source id>}.</li>
 *   <li>Models: a DAG transformation node runs {@code --model <name> --pipeline <p>}; derived
 *       models run in one {@code --models <models_dir> --all} batch when every derived model of
 *       one partitions shape is selected, as the reference's derived-models op, and one
 *       {@code --models <models_dir> --model <name>} each otherwise ({@link ModelCalls}); with
 *       {@code --partition <key>} or {@code --from A --to B} for a partitioned asset, the
 *       orchestrator's keys converted to rocky's ({@link TimeGrain#toRockyKey}).</li>
 *   <li>DAG source and load nodes: one run per discovered source of the pipeline,
 *       {@code --filter id=<source id> --pipeline <p>} (the whole pipeline when none was
 *       discovered); its materializations and errors count for each selected node of the
 *       pipeline.</li>
 *   <li>DAG seed, quality and snapshot nodes: a placeholder materialization, no call.</li>
 * </ul>
 *
 * <p><b>Events.</b> A {@code MaterializeResult} per materialization (metadata
 * {@code dagster-rocky/…}, {@code dagster/row_count}, {@code dagster/duration_ms},
 * {@code rocky/plan_id}); an {@code AssetCheckResult} per check the run reported that the asset
 * declares (rocky's {@code warning} → WARN, else ERROR); {@code row_count_anomaly} results (WARN)
 * for anomalies; {@code AssetObservation}s for schema drift ({@code rocky/drift_action},
 * {@code rocky/drift_reason}) and for models withheld behind a failed upstream
 * ({@code rocky/contained}, {@code rocky/blocked_by}). With {@code satisfy_empty_outputs}, a
 * zero-row materialization for a selected asset that neither materialized nor failed. The contract
 * checks' results the load decided from compile diagnostics ({@link Definitions#verdicts()}). Last, a
 * placeholder result for each declared check nothing reported, as the reference's: passed (ERROR
 * severity) with {@code status} "not produced by rocky (check type: &lt;name&gt;)" for a materialized
 * asset, the containment reason for a contained model, the last recorded verdict carried forward
 * for a table rocky pruned as unchanged since its last copy ({@code rocky/pruned_unchanged}; see
 * {@link dev.rocky.core.port.CheckVerdictStore}), failed (WARN) with {@code status} "table not
 * materialized" otherwise; every placeholder also carries {@code rocky/placeholder: true}. The
 * check results rocky produced are recorded as each check's last verdict.
 *
 * <p><b>Governance.</b> With {@code surface_compliance}, one {@code rocky compliance} per batch,
 * folded into one {@code compliance_exception} result (WARN) per selected asset that declares it:
 * failed with {@code rocky/compliance_exception_count}, {@code rocky/compliance_models} and
 * {@code rocky/compliance_reasons} when the asset's model has exceptions, passed otherwise, with
 * the run's totals. With {@code surface_retention_status}, one {@code rocky retention-status} per
 * batch, one observation per model row ({@code rocky/retention_model},
 * {@code rocky/retention_in_sync}, {@code rocky/retention_configured_days},
 * {@code rocky/retention_warehouse_days}). Either command failing is a warning, never a failure.
 *
 * <p><b>Failures.</b> A run's {@code errors} become failures naming the asset and
 * {@code failure_kind}; a call that throws fails every asset it served, and the next calls still
 * run, with three exceptions that follow the reference. A configuration error (binary missing,
 * engine too old, a refused governance override, an unusable plan) stops the materialization at
 * once. A call that times out fails its assets with {@code failure_kind: timeout} and the remaining
 * calls are not run (their assets fail as not run). A run that reports a {@code quota-exceeded}
 * error keeps its own events, and the remaining calls are not run either (their assets fail as
 * {@code quota-exceeded}, not run, with the breach's retry time).
 * {@link MaterializationReport#throwIfFailed()} aggregates them into one exception: not retryable
 * after a timeout, retryable after the largest populated cooldown (300 s when none) after a quota
 * breach, retryable otherwise.
 *
 * <p>Not thread-safe per call; independent calls may run concurrently.
 */
public final class Materializer {

    /** The check anomalies are reported under. */
    public static final String ANOMALY_CHECK = "row_count_anomaly";

    /**
     * How runs are made.
     *
     * @param modelsDir {@code models_dir}: passed as {@code --models} for models without a pipeline
     * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}: report a zero-row materialization
     *     for a selected asset the runs produced nothing for
     * @param streaming run through {@link RockyResource#runStreaming} (plan-then-apply unless the
     *     base options are fused) rather than the buffered {@link RockyResource#run}
     * @param base flags every run carries (idempotency key, governance override, shadow suffix,
     *     timeout, fused); its filter, pipeline, models and partition flags are replaced per run
     * @param surfaceCompliance {@code surface_compliance}: once per batch, {@code rocky compliance},
     *     folded into one {@code compliance_exception} result per selected asset that declares it
     * @param surfaceRetentionStatus {@code surface_retention_status}: once per batch,
     *     {@code rocky retention-status}, one observation per model row
     * @param replicationPipeline the replication pipeline a discovered table's run must name with
     *     {@code --pipeline}: present when the project declares it beside other pipelines, since
     *     {@code rocky run} without {@code --pipeline} then fails with "multiple pipelines defined"
     *     (rocky-cli run.rs, registry.rs {@code resolve_pipeline}); the same pipeline refresh
     *     passes to {@code rocky discover}
     * @param resolvers the per-call resolvers ({@code shadow_suffix_fn} and the others), applied to
     *     each call's options before it is made
     * @param pipes {@code execution_mode: pipes}: every call runs under Dagster Pipes (plan, then
     *     {@code rocky apply} with the Pipes context; fused: {@code rocky run}) and the engine's
     *     messages become events as they arrive; the printed document fills in what they did not say
     */
    public record Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base, boolean surfaceCompliance,
            boolean surfaceRetentionStatus, Optional<String> replicationPipeline, RunResolvers resolvers, boolean pipes) {
        /** Rejects {@code null}, and {@code satisfy_empty_outputs} with Pipes (the reference refuses the pair). */
        public Options {
            Objects.requireNonNull(modelsDir, "modelsDir is null");
            Objects.requireNonNull(base, "base is null");
            Objects.requireNonNull(replicationPipeline, "replicationPipeline is null");
            Objects.requireNonNull(resolvers, "resolvers is null");
            if (pipes && satisfyEmptyOutputs) {
                throw new IllegalArgumentException("satisfy_empty_outputs works only with execution_mode: streaming");
            }
        }

        /**
         * Options that run without Dagster Pipes.
         *
         * @param modelsDir {@code models_dir}
         * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
         * @param streaming plan-then-apply with live stderr, or the buffered run
         * @param base flags every run carries
         * @param surfaceCompliance {@code surface_compliance}
         * @param surfaceRetentionStatus {@code surface_retention_status}
         * @param replicationPipeline the replication pipeline a discovered table's run names
         * @param resolvers the per-call resolvers
         */
        public Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base, boolean surfaceCompliance,
                boolean surfaceRetentionStatus, Optional<String> replicationPipeline, RunResolvers resolvers) {
            this(modelsDir, satisfyEmptyOutputs, streaming, base, surfaceCompliance, surfaceRetentionStatus, replicationPipeline,
                    resolvers, false);
        }

        /**
         * Options without resolvers.
         *
         * @param modelsDir {@code models_dir}
         * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
         * @param streaming plan-then-apply with live stderr, or the buffered run
         * @param base flags every run carries
         * @param surfaceCompliance {@code surface_compliance}
         * @param surfaceRetentionStatus {@code surface_retention_status}
         * @param replicationPipeline the replication pipeline a discovered table's run names
         */
        public Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base, boolean surfaceCompliance,
                boolean surfaceRetentionStatus, Optional<String> replicationPipeline) {
            this(modelsDir, satisfyEmptyOutputs, streaming, base, surfaceCompliance, surfaceRetentionStatus, replicationPipeline,
                    RunResolvers.NONE);
        }

        /**
         * Options for a project whose discovered tables run without {@code --pipeline}.
         *
         * @param modelsDir {@code models_dir}
         * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
         * @param streaming plan-then-apply with live stderr, or the buffered run
         * @param base flags every run carries
         * @param surfaceCompliance {@code surface_compliance}
         * @param surfaceRetentionStatus {@code surface_retention_status}
         */
        public Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base, boolean surfaceCompliance,
                boolean surfaceRetentionStatus) {
            this(modelsDir, satisfyEmptyOutputs, streaming, base, surfaceCompliance, surfaceRetentionStatus, Optional.empty());
        }

        /**
         * Options without the governance surfaces.
         *
         * @param modelsDir {@code models_dir}
         * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
         * @param streaming plan-then-apply with live stderr, or the buffered run
         * @param base flags every run carries
         */
        public Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base) {
            this(modelsDir, satisfyEmptyOutputs, streaming, base, false, false, Optional.empty());
        }
    }

    /**
     * What to materialize.
     *
     * @param assets the selected asset keys; copied, order kept
     * @param partition one partition key in the orchestrator's form, for partitioned assets
     * @param from the first key of a backfill range (orchestrator's form), with {@code to}
     * @param to the last key of a backfill range (inclusive), with {@code from}
     */
    public record Selection(Set<AssetKey> assets, Optional<String> partition, Optional<String> from, Optional<String> to) {
        /**
         * @throws IllegalArgumentException when nothing is selected, both a partition and a range
         *     are given, or only one end of a range
         */
        public Selection {
            assets = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(assets));
            if (assets.isEmpty()) {
                throw new IllegalArgumentException("select at least one asset");
            }
            if (from.isPresent() != to.isPresent()) {
                throw new IllegalArgumentException("a partition range needs both from and to");
            }
            if (partition.isPresent() && from.isPresent()) {
                throw new IllegalArgumentException("give a partition or a range, not both");
            }
        }

        /**
         * @param assets the selected keys
         * @return a selection without partitions
         */
        public static Selection of(Set<AssetKey> assets) {
            return new Selection(assets, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final RockyResource resource;
    private final LogSink log;
    private final Options options;
    private final java.time.Clock clock;
    private final CheckVerdictStore verdicts;
    /**
     * What plans read from the whole graph, kept for the last graph materialized in this process:
     * one pass per graph, not one per materialization (a component makes a materializer per
     * materialization, with that run's flags). Shared, since the graph decides it alone; the
     * graph is held weakly.
     */
    private static final GraphIndexes INDEXES = new GraphIndexes();

    /**
     * @param resource runs rocky
     * @param log progress, warnings and (with {@link Options#streaming()}) rocky's stderr lines
     * @param options how runs are made
     */
    public Materializer(RockyResource resource, LogSink log, Options options) {
        this(resource, log, options, java.time.Clock.systemUTC());
    }

    /**
     * @param resource runs rocky
     * @param log progress, warnings and (with {@link Options#streaming()}) rocky's stderr lines
     * @param options how runs are made
     * @param clock "now", against which partition keys are checked (a partition must have ended)
     */
    public Materializer(RockyResource resource, LogSink log, Options options, java.time.Clock clock) {
        this(resource, log, options, clock, CheckVerdictStore.NONE);
    }

    /**
     * @param resource runs rocky
     * @param log progress, warnings and (with {@link Options#streaming()}) rocky's stderr lines
     * @param options how runs are made
     * @param clock "now", against which partition keys are checked (a partition must have ended)
     * @param verdicts where each check's last real verdict is kept, for the checks of tables rocky
     *     prunes as unchanged
     */
    public Materializer(RockyResource resource, LogSink log, Options options, java.time.Clock clock, CheckVerdictStore verdicts) {
        this.resource = Objects.requireNonNull(resource, "resource is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts is null");
    }

    /**
     * Runs what the selection needs and reports it.
     *
     * @param defs the graph the selection is made on, with its run targets
     * @param selection what to materialize
     * @return the events, failures and runs
     * @throws RockyException {@code CONFIG_INVALID} when a selected key is not in the graph or has no
     *     run target, a partition is given for a selection with no partitioned asset, or a key is
     *     not a partition of its asset's partitions definition (wrong form, before the first
     *     partition, a window that has not ended, a range that ends before it starts); all checked
     *     before anything runs; a stopping error of a call (see the class)
     */
    public MaterializationReport materialize(Definitions defs, Selection selection) {
        return materialize(defs, selection, RunEventListener.NONE);
    }

    /**
     * As {@link #materialize(Definitions, Selection)}, handing each event and failure to
     * {@code listener} as soon as the rocky call that produced it has returned (then the
     * governance results, then the placeholders), in the order the report lists them.
     *
     * @param defs the graph the selection is made on, with its run targets
     * @param selection what to materialize
     * @param listener receives the events and failures as they are known, on the calling thread
     * @return the events, failures and runs
     * @throws RockyException as {@link #materialize(Definitions, Selection)}
     */
    public MaterializationReport materialize(Definitions defs, Selection selection, RunEventListener listener) {
        RunEventCollector out = run(defs, selection, listener, true);
        return new MaterializationReport(out.events, out.failures, out.runs);
    }

    /**
     * As {@link #materialize(Definitions, Selection, RunEventListener)}, keeping no event once
     * {@code listener} has it and no run's result once it is mapped: the listener sees the same
     * events and failures in the same order, and the summary counts what a report would hold. For
     * a caller that consumes the events as they come (the CLI's {@code materialize}, a Pipes
     * session, an orchestrator's event log): the memory held is the selection's keys, not its
     * events, which at 100,000 tables are half a million.
     *
     * @param defs the graph the selection is made on, with its run targets
     * @param selection what to materialize
     * @param listener receives the events and failures as they are known, on the calling thread
     * @return the counts of the events handed on, the failures and how many runs returned
     * @throws RockyException as {@link #materialize(Definitions, Selection)}
     */
    public MaterializationSummary stream(Definitions defs, Selection selection, RunEventListener listener) {
        return run(defs, selection, listener, false).summary();
    }

    private RunEventCollector run(Definitions defs, Selection selection, RunEventListener listener, boolean retain) {
        // 1. Plan the calls: the selection, checked, as rocky runs.
        CallPlanner planner = new CallPlanner(options, clock, INDEXES);
        CallPlanner.Resolved resolved = CallPlanner.resolve(defs, selection);
        List<AssetSpec> selected = resolved.specs();
        planner.checkPartitions(selected, selection);
        VerdictHistory history = new VerdictHistory(verdicts, log, clock);
        RunEventCollector out = new RunEventCollector(defs, listener, log, selected, history, retain);
        List<RunCall> calls = planner.plan(defs, resolved, selection, out);
        // 2. Run them, mapping each call's output into the ledger as it returns.
        new CallRunner(resource, log, options.streaming(), options.resolvers(), options.pipes(), defs.runTargets()).run(calls, out);
        // 3. Governance, then 4. the checks nothing reported, then 5. the verdicts to remember.
        GovernanceEvents governance = new GovernanceEvents(resource, log, options.modelsDir());
        if (options.surfaceCompliance() && selected.stream().anyMatch(s -> s.checkNames().contains(BuildDefinitions.COMPLIANCE_CHECK))) {
            governance.compliance(defs, selected, out);
        }
        if (options.surfaceRetentionStatus()) {
            governance.retention(defs, selected, out);
        }
        CheckCompletion completion = new CheckCompletion(log);
        completion.verdicts(defs, selected, out);
        if (options.satisfyEmptyOutputs()) {
            completion.emptyOutputs(resolved, selection, out);
        } else {
            completion.warnOfPruningWithoutEmptyOutputs(out);
        }
        completion.placeholders(resolved, out, history.last(out.pruned.keySet()), selection.partition());
        out.publish();
        history.record();
        return out;
    }
}
