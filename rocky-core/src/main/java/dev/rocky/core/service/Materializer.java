package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.governance.ComplianceResult;
import dev.rocky.core.governance.RetentionStatusResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 *   <li>Models (derived models, DAG transformation nodes): {@code --model <name> --pipeline <p>},
 *       or {@code --models <models_dir> --model <name>} without a pipeline; with
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
 * severity) with {@code status} "not produced by rocky (check type: <name>)" for a materialized
 * asset, failed (WARN) with {@code status} "table not materialized" otherwise; every placeholder
 * also carries {@code rocky/placeholder: true}.
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

    private static final Set<ErrorCode> STOPPING = EnumSet.of(ErrorCode.BINARY_NOT_FOUND, ErrorCode.BINARY_NOT_EXECUTABLE,
            ErrorCode.ENGINE_TOO_OLD, ErrorCode.CONFIG_INVALID, ErrorCode.PLAN_INVALID);

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
     */
    public record Options(String modelsDir, boolean satisfyEmptyOutputs, boolean streaming, RunOptions base, boolean surfaceCompliance,
            boolean surfaceRetentionStatus) {
        /** Rejects {@code null}. */
        public Options {
            Objects.requireNonNull(modelsDir, "modelsDir is null");
            Objects.requireNonNull(base, "base is null");
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
            this(modelsDir, satisfyEmptyOutputs, streaming, base, false, false);
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
        this.resource = Objects.requireNonNull(resource, "resource is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
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
        List<AssetSpec> selected = resolve(defs, selection);
        checkPartitions(selected, selection);
        Collector out = new Collector(defs.runTargets(), listener);
        List<Call> calls = plan(defs, selected, selection, out);
        List<RunResult> runs = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            log.info("materializing " + call.describe());
            RunResult result;
            try {
                result = options.streaming() ? resource.runStreaming(log, call.options) : resource.run(call.options);
            } catch (RockyException e) {
                if (STOPPING.contains(e.code())) {
                    throw e;
                }
                boolean timeout = e.code() == ErrorCode.TIMEOUT;
                for (AssetSpec spec : call.serves) {
                    out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), timeout ? FailureKind.TIMEOUT
                            : FailureKind.UNKNOWN, e.getMessage(), OptionalLong.empty()));
                }
                out.publish();
                if (timeout) {
                    // The reference raises a non-retryable Failure at once: nothing after a timeout runs.
                    skipRest(calls, i, FailureKind.TIMEOUT, OptionalLong.empty(), call.describe() + " timed out", out);
                    break;
                }
                continue;
            }
            runs.add(result);
            out.collect(call, result);
            out.publish();
            OptionalLong breach = result.quotaRetryAfterSeconds();
            if (breach.isPresent()) {
                // The reference stops its filter loop on a quota breach and raises a retriable Failure after the yields.
                skipRest(calls, i, FailureKind.QUOTA_EXCEEDED, breach, "a quota tripped during " + call.describe()
                        + " (retry after " + breach.getAsLong() + " s)", out);
                break;
            }
        }
        if (options.surfaceCompliance() && selected.stream().anyMatch(s -> s.checkNames().contains(BuildDefinitions.COMPLIANCE_CHECK))) {
            compliance(defs, selected, out);
        }
        if (options.surfaceRetentionStatus()) {
            retention(defs, selected, out);
        }
        for (AssetSpec spec : selected) {
            for (CheckVerdict v : defs.verdicts().getOrDefault(spec.key(), List.of())) {
                if (spec.checkNames().contains(v.checkName())) {
                    out.check(new RunEvent.AssetCheckResult(spec.key(), v.checkName(), v.passed(),
                            v.warning() ? CheckSeverity.WARN : CheckSeverity.ERROR, v.metadata()));
                }
            }
        }
        if (options.satisfyEmptyOutputs()) {
            emptyOutputs(selected, selection, runs, out);
        }
        for (AssetSpec spec : selected) {
            boolean materialized = out.materialized.contains(spec.key());
            RunResult.ContainedModel contained = out.contained.get(spec.key());
            for (AssetCheckSpec check : spec.checks()) {
                if (out.checked.contains(new Slot(spec.key(), check.name()))) {
                    continue;
                }
                // The reference's placeholder (_emit_placeholder_checks): its status text, plus rocky/placeholder so a reader
                // can always tell a placeholder from a result the engine produced. An empty output is not a materialization here.
                String status = materialized ? "not produced by rocky (check type: " + check.name() + ")"
                        : contained != null ? "failure containment: withheld because " + String.join(", ", contained.blockedBy())
                                + " failed; " + contained.unblockHint()
                        : "table not materialized";
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put("rocky/placeholder", new MetadataValue.BoolValue(true));
                md.put("status", MetadataValue.text(status));
                out.events.add(new RunEvent.AssetCheckResult(spec.key(), check.name(), materialized,
                        materialized ? CheckSeverity.ERROR : CheckSeverity.WARN, md));
            }
        }
        out.publish();
        return new MaterializationReport(out.events, out.failures, runs);
    }

    /**
     * Fails every asset of the calls after {@code stopped} as not run, once a timeout or a quota
     * breach ended the materialization early, and says so in one warning.
     */
    private void skipRest(List<Call> calls, int stopped, FailureKind kind, OptionalLong cooldown, String why, Collector out) {
        List<Call> rest = calls.subList(stopped + 1, calls.size());
        if (rest.isEmpty()) {
            return;
        }
        log.warn(why + ", so the remaining " + rest.size() + (rest.size() == 1 ? " call was" : " calls were") + " not run: "
                + String.join(", ", rest.stream().map(Call::describe).toList()));
        for (Call call : rest) {
            for (AssetSpec spec : call.serves) {
                out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), kind, "not run: " + why, cooldown));
            }
        }
        out.publish();
    }

    /**
     * {@code satisfy_empty_outputs}, as the reference's: a zero-row materialization
     * ({@code rocky/empty_for_partition}, {@code dagster/row_count: 0}, {@code rocky/reason},
     * {@code rocky/pruned_unchanged: false}; stamped with the selection's partition on a partitioned
     * asset) for each selected asset the runs neither materialized, failed nor contained, so a
     * downstream in the same run is not skipped. When the runs report more failed tables than they
     * itemise, an absent asset may be a hidden failure: no empty output at all, and a warning.
     */
    private void emptyOutputs(List<AssetSpec> selected, Selection selection, List<RunResult> runs, Collector out) {
        long failedTables = runs.stream().mapToLong(RunResult::tablesFailed).sum();
        long itemised = runs.stream().mapToLong(r -> r.errors().size()).sum();
        if (failedTables > itemised) {
            log.warn("satisfy_empty_outputs: the runs report more failures (" + failedTables + " tables) than they itemise ("
                    + itemised + "), so an absent asset may be a hidden failure; no empty outputs are reported");
            return;
        }
        for (AssetSpec spec : selected) {
            if (out.materialized.contains(spec.key()) || out.failed(spec.key()) || out.contained.containsKey(spec.key())) {
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put("dagster/row_count", MetadataValue.integer(0));
            md.put(RunEvent.EMPTY_FOR_PARTITION, new MetadataValue.BoolValue(true));
            md.put("rocky/pruned_unchanged", new MetadataValue.BoolValue(false));
            md.put("rocky/reason", MetadataValue.text("absent or empty: rocky copied nothing for it in this run"));
            Optional<String> partition = spec.partitions().isPresent() ? selection.partition() : Optional.empty();
            out.events.add(new RunEvent.MaterializeResult(spec.key(), partition, md));
        }
    }

    /** One {@code rocky compliance} call, folded into one result per selected asset declaring the check; a failure is a warning. */
    private void compliance(Definitions defs, List<AssetSpec> selected, Collector out) {
        ComplianceResult result;
        try {
            result = resource.compliance(options.modelsDir());
        } catch (RockyException e) {
            log.warn("rocky compliance failed, so no compliance_exception results are reported for this materialization: "
                    + e.getMessage());
            return;
        }
        for (AssetSpec spec : selected) {
            if (!spec.checkNames().contains(BuildDefinitions.COMPLIANCE_CHECK)) {
                continue;
            }
            String model = engineName(defs, spec);
            List<ComplianceResult.Exception> mine = result.exceptions().stream().filter(x -> x.model().equals(model)).toList();
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put("rocky/compliance_exception_count", MetadataValue.integer(mine.size()));
            // The reference's format: every "model.column (env)", and the distinct reasons in first-seen order, "; "-joined.
            md.put("rocky/compliance_models", MetadataValue.text(String.join("; ",
                    mine.stream().map(x -> x.model() + "." + x.column() + " (" + x.env() + ")").toList())));
            md.put("rocky/compliance_reasons", MetadataValue.text(String.join("; ",
                    new LinkedHashSet<>(mine.stream().map(ComplianceResult.Exception::reason).toList()))));
            md.put("rocky/compliance_total_classified", MetadataValue.integer(result.totalClassified()));
            md.put("rocky/compliance_total_masked", MetadataValue.integer(result.totalMasked()));
            md.put("rocky/compliance_total_exceptions", MetadataValue.integer(result.totalExceptions()));
            out.check(new RunEvent.AssetCheckResult(spec.key(), BuildDefinitions.COMPLIANCE_CHECK, mine.isEmpty(), CheckSeverity.WARN, md));
        }
    }

    /**
     * One {@code rocky retention-status} call, one observation per model row whose asset is selected
     * (as the reference's resolver, which answers only for selected keys); an unset day count is
     * left out; a failure is a warning.
     */
    private void retention(Definitions defs, List<AssetSpec> selected, Collector out) {
        RetentionStatusResult result;
        try {
            result = resource.retentionStatus(options.modelsDir());
        } catch (RockyException e) {
            log.warn("rocky retention-status failed, so no retention observations are reported for this materialization: "
                    + e.getMessage());
            return;
        }
        Map<String, AssetSpec> byModel = new HashMap<>();
        for (AssetSpec spec : selected) {
            byModel.putIfAbsent(engineName(defs, spec), spec);
        }
        for (RetentionStatusResult.ModelRetention row : result.models()) {
            AssetSpec spec = byModel.get(row.model());
            if (spec == null) {
                log.log(LogSink.Level.DEBUG, "rocky retention-status reports model " + row.model() + ", which has no selected asset");
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put("rocky/retention_model", MetadataValue.text(row.model()));
            md.put("rocky/retention_in_sync", new MetadataValue.BoolValue(row.inSync()));
            row.configuredDays().ifPresent(d -> md.put("rocky/retention_configured_days", MetadataValue.integer(d)));
            row.warehouseDays().ifPresent(d -> md.put("rocky/retention_warehouse_days", MetadataValue.integer(d)));
            out.events.add(new RunEvent.AssetObservation(spec.key(), md));
        }
    }

    /** The name rocky's governance commands use for an asset: its model's name, or its table's. */
    private static String engineName(Definitions defs, AssetSpec spec) {
        Optional<RunTarget> t = defs.runTarget(spec.key());
        if (t.isPresent() && t.get() instanceof RunTarget.Model m) {
            return m.name();
        }
        if (t.isPresent() && t.get() instanceof RunTarget.SourceTable st) {
            return st.engineKey().get(st.engineKey().size() - 1);
        }
        return spec.key().leaf();
    }

    private static List<AssetSpec> resolve(Definitions defs, Selection selection) {
        Map<AssetKey, AssetSpec> byKey = new HashMap<>(defs.assets().size() * 4 / 3 + 1);
        defs.assets().forEach(a -> byKey.put(a.key(), a));
        List<AssetSpec> out = new ArrayList<>(selection.assets().size());
        for (AssetKey key : selection.assets()) {
            AssetSpec spec = byKey.get(key);
            if (spec == null) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + key + " is not in the graph; run "
                        + "`rocky-component defs` to list the asset keys");
            }
            if (defs.runTarget(key).isEmpty()) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + key + " has no run target, so it cannot be "
                        + "materialized; rebuild the definitions with `rocky-component defs` after a refresh");
            }
            out.add(spec);
        }
        if ((selection.partition().isPresent() || selection.from().isPresent())
                && out.stream().noneMatch(s -> s.partitions().isPresent())) {
            throw new RockyException(ErrorCode.CONFIG_INVALID, "a partition was given but none of the selected assets is "
                    + "partitioned; drop the partition or select a partitioned asset");
        }
        return out;
    }

    /**
     * Every partition key against every selected partitioned asset's definition, before anything
     * runs: the form, the first partition, the last ended window, and a range's order.
     */
    private void checkPartitions(List<AssetSpec> selected, Selection selection) {
        List<String> keys = new ArrayList<>(2);
        selection.partition().ifPresent(keys::add);
        selection.from().ifPresent(keys::add);
        selection.to().ifPresent(keys::add);
        if (keys.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        for (AssetSpec spec : selected) {
            if (spec.partitions().isEmpty() || !(spec.partitions().get() instanceof PartitionsDefinition.TimeWindow window)) {
                continue;
            }
            try {
                List<java.time.LocalDateTime> starts = new ArrayList<>(keys.size());
                for (String key : keys) {
                    starts.add(window.check(key, now));
                }
                if (selection.from().isPresent() && starts.get(1).isBefore(starts.get(0))) {
                    throw new IllegalArgumentException("the range " + selection.from().get() + " to " + selection.to().get()
                            + " ends before it starts; give --from the earlier key");
                }
            } catch (IllegalArgumentException e) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + spec.key() + " is partitioned by "
                        + window.grain().wireName() + " from " + window.start() + ": " + e.getMessage());
            }
        }
    }

    private List<Call> plan(Definitions defs, List<AssetSpec> selected, Selection selection, Collector out) {
        // one slot per call, in dependency order: a group's or pipeline's call sits where its first asset does
        Map<String, List<AssetSpec>> slots = new LinkedHashMap<>();
        for (AssetSpec spec : upstreamFirst(selected)) {
            RunTarget target = defs.runTarget(spec.key()).orElseThrow();
            if (target instanceof RunTarget.SourceTable) {
                slots.computeIfAbsent("group\u0000" + spec.group(), g -> new ArrayList<>()).add(spec);
            } else if (target instanceof RunTarget.Model) {
                slots.put("model\u0000" + spec.key(), List.of(spec));
            } else if (target instanceof RunTarget.ReplicationPipeline p) {
                slots.computeIfAbsent("pipeline\u0000" + p.pipeline(), x -> new ArrayList<>()).add(spec);
            } else {
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put("rocky/kind", MetadataValue.text(((RunTarget.Placeholder) target).kind()));
                md.put("rocky/placeholder", new MetadataValue.BoolValue(true));
                out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
            }
        }
        List<Call> calls = new ArrayList<>();
        GroupIndex[] index = new GroupIndex[1];
        slots.forEach((slot, specs) -> {
            try {
                calls.addAll(planSlot(defs, specs, selection, index));
            } catch (IllegalArgumentException e) {
                // A value rocky itself reported (a source id, a pipeline) that cannot be passed back as one argument:
                // those assets fail, the others still run.
                for (AssetSpec spec : specs) {
                    out.fail(new AssetFailure(Optional.of(spec.key()), spec.key().toUserString(), FailureKind.UNKNOWN,
                            "rocky-java cannot pass rocky's own value back to it as one argument (" + e.getMessage()
                                    + "); the asset was not run", OptionalLong.empty()));
                }
            }
        });
        return calls;
    }

    /** The calls one slot of the plan needs; all or none (a value that cannot be an argument fails the slot). */
    private List<Call> planSlot(Definitions defs, List<AssetSpec> specs, Selection selection, GroupIndex[] index) {
        RunTarget target = defs.runTarget(specs.get(0).key()).orElseThrow();
        if (target instanceof RunTarget.SourceTable) {
            if (index[0] == null) {
                index[0] = new GroupIndex(defs);
            }
            return tableCalls(defs, index[0], specs.get(0).group(), specs);
        }
        if (target instanceof RunTarget.Model m) {
            return List.of(modelCall(specs.get(0), m, selection));
        }
        RunTarget.ReplicationPipeline p = (RunTarget.ReplicationPipeline) target;
        List<Call> out = new ArrayList<>(Math.max(1, p.sourceIds().size()));
        if (p.sourceIds().isEmpty()) {
            out.add(new Call(base().pipeline(p.pipeline()).build(), specs, true));
        }
        for (String id : p.sourceIds()) {
            out.add(new Call(base().pipeline(p.pipeline()).filter("id=" + id).build(), specs, true));
        }
        return out;
    }

    /** The selected assets with each after the selected assets it depends on (graph order otherwise). */
    private static List<AssetSpec> upstreamFirst(List<AssetSpec> selected) {
        Map<AssetKey, AssetSpec> byKey = new LinkedHashMap<>();
        selected.forEach(s -> byKey.put(s.key(), s));
        List<AssetSpec> out = new ArrayList<>(selected.size());
        Set<AssetKey> done = new HashSet<>();
        Set<AssetKey> visiting = new HashSet<>();
        for (AssetSpec spec : selected) {
            visit(spec, byKey, done, visiting, out);
        }
        return out;
    }

    private static void visit(AssetSpec spec, Map<AssetKey, AssetSpec> byKey, Set<AssetKey> done, Set<AssetKey> visiting,
            List<AssetSpec> out) {
        if (done.contains(spec.key()) || !visiting.add(spec.key())) {
            return;
        }
        for (AssetKey dep : spec.deps()) {
            AssetSpec upstream = byKey.get(dep);
            if (upstream != null) {
                visit(upstream, byKey, done, visiting, out);
            }
        }
        visiting.remove(spec.key());
        done.add(spec.key());
        out.add(spec);
    }

    private RunOptions.Builder base() {
        RunOptions b = options.base();
        RunOptions.Builder out = RunOptions.builder().fused(b.fused());
        b.idempotencyKey().ifPresent(out::idempotencyKey);
        b.governanceOverride().ifPresent(out::governanceOverride);
        b.shadowSuffix().ifPresent(out::shadowSuffix);
        b.timeout().ifPresent(out::timeout);
        b.parallel().ifPresent(out::parallel);
        b.lookback().ifPresent(out::lookback);
        return out;
    }

    private Call modelCall(AssetSpec spec, RunTarget.Model model, Selection selection) {
        RunOptions.Builder b = base().model(model.name());
        if (model.pipeline().isPresent()) {
            b.pipeline(model.pipeline().get());
        } else {
            b.models(options.modelsDir(), false);
        }
        Optional<TimeGrain> grain = grainOf(spec);
        if (grain.isPresent()) {
            try {
                if (selection.partition().isPresent()) {
                    b.partition(grain.get().toRockyKey(selection.partition().get()));
                } else if (selection.from().isPresent()) {
                    b.range(grain.get().toRockyKey(selection.from().get()), grain.get().toRockyKey(selection.to().get()));
                }
            } catch (IllegalArgumentException e) {
                throw new RockyException(ErrorCode.CONFIG_INVALID, "asset " + spec.key() + " is partitioned by "
                        + grain.get().wireName() + ": " + e.getMessage());
            }
        }
        return new Call(b.build(), List.of(spec), false);
    }

    private List<Call> tableCalls(Definitions defs, GroupIndex index, String group, List<AssetSpec> specs) {
        Map<String, List<AssetSpec>> bySource = new LinkedHashMap<>();
        for (AssetSpec spec : specs) {
            RunTarget.SourceTable t = (RunTarget.SourceTable) defs.runTarget(spec.key()).orElseThrow();
            bySource.computeIfAbsent(t.sourceId(), s -> new ArrayList<>()).add(spec);
        }
        Optional<String> pipeline = ((RunTarget.SourceTable) defs.runTarget(specs.get(0).key()).orElseThrow()).pipeline();
        Optional<String> groupFilter = groupFilter(index, group, specs, bySource.keySet());
        List<Call> calls = new ArrayList<>();
        if (groupFilter.isPresent()) {
            RunOptions.Builder b = base().filter(groupFilter.get());
            pipeline.ifPresent(b::pipeline);
            calls.add(new Call(b.build(), specs, false));
            return calls;
        }
        bySource.forEach((id, served) -> {
            RunOptions.Builder b = base().filter("id=" + id);
            pipeline.ifPresent(b::pipeline);
            calls.add(new Call(b.build(), served, false));
        });
        return calls;
    }

    /**
     * The group's own filter, when the whole group is selected and one {@code component=value}
     * pair selects exactly the group's sources among all the graph's sources.
     */
    private static Optional<String> groupFilter(GroupIndex index, String group, List<AssetSpec> selected, Set<String> sourceIds) {
        Integer groupTables = index.tablesPerGroup.get(group);
        Map<String, String> common = index.commonPerGroup.get(group);
        if (groupTables == null || groupTables != selected.size() || common == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : common.entrySet()) {
            if (index.sourcesByPair.get(e.getKey()).get(e.getValue()).equals(sourceIds)) {
                return Optional.of(e.getKey() + "=" + e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The graph's discovered tables by group and by component pair, built in one pass per
     * materialization (not per group, which made a 100,000-table graph quadratic).
     */
    private static final class GroupIndex {
        /** component → value → the ids of the sources with that pair. */
        final Map<String, Map<String, Set<String>>> sourcesByPair = new HashMap<>();
        /** group → its number of discovered tables. */
        final Map<String, Integer> tablesPerGroup = new HashMap<>();
        /** group → the component pairs all its tables share. */
        final Map<String, Map<String, String>> commonPerGroup = new HashMap<>();

        GroupIndex(Definitions defs) {
            for (AssetSpec a : defs.assets()) {
                Optional<RunTarget> t = defs.runTarget(a.key());
                if (t.isEmpty() || !(t.get() instanceof RunTarget.SourceTable st)) {
                    continue;
                }
                st.components().forEach((k, v) -> sourcesByPair.computeIfAbsent(k, x -> new HashMap<>())
                        .computeIfAbsent(v, x -> new HashSet<>()).add(st.sourceId()));
                tablesPerGroup.merge(a.group(), 1, Integer::sum);
                Map<String, String> common = commonPerGroup.get(a.group());
                if (common == null) {
                    commonPerGroup.put(a.group(), new LinkedHashMap<>(st.components()));
                } else if (!common.isEmpty()) {
                    common.entrySet().removeIf(e -> !e.getValue().equals(st.components().get(e.getKey())));
                }
            }
        }
    }

    private static Optional<TimeGrain> grainOf(AssetSpec spec) {
        return spec.partitions().filter(p -> p instanceof PartitionsDefinition.TimeWindow)
                .map(p -> ((PartitionsDefinition.TimeWindow) p).grain());
    }

    /** One rocky run and the selected assets it serves; {@code wholePipeline}: every materialization counts for each. */
    private record Call(RunOptions options, List<AssetSpec> serves, boolean wholePipeline) {
        String describe() {
            return "rocky run " + String.join(" ", RunOptions.mask(options.arguments()));
        }
    }

    /** An asset and a partition, check name or run filter: what one event is deduplicated by. */
    private record Slot(AssetKey asset, String name) {
    }

    /** The events and failures of one materialization, deduplicated. */
    private final class Collector {
        final Map<AssetKey, RunTarget> targets;
        final List<RunEvent> events = new ArrayList<>();
        final List<AssetFailure> failures = new ArrayList<>();
        final Set<AssetKey> materialized = new HashSet<>();
        /** The selected models the runs withheld behind a failed upstream, with why. */
        final Map<AssetKey, RunResult.ContainedModel> contained = new HashMap<>();
        final Set<Slot> materializedPartitions = new HashSet<>();
        final Set<Slot> checked = new HashSet<>();
        final Set<AssetKey> failedKeys = new HashSet<>();
        /** The engine key of each discovered table a call serves, for matching its run's output; rebuilt per call. */
        private Map<List<String>, AssetSpec> tablesByEngineKey = Map.of();
        private Call indexed;
        private final RunEventListener listener;
        private int publishedEvents;
        private int publishedFailures;

        Collector(Map<AssetKey, RunTarget> targets, RunEventListener listener) {
            this.targets = targets;
            this.listener = listener;
        }

        /** Hands the events and failures added since the last call to the listener, in order. */
        void publish() {
            while (publishedEvents < events.size()) {
                listener.event(events.get(publishedEvents++));
            }
            while (publishedFailures < failures.size()) {
                listener.failure(failures.get(publishedFailures++));
            }
        }

        boolean failed(AssetKey key) {
            return failedKeys.contains(key);
        }

        void fail(AssetFailure failure) {
            failures.add(failure);
            failure.asset().ifPresent(failedKeys::add);
        }

        void materialize(RunEvent.MaterializeResult e) {
            if (materializedPartitions.add(new Slot(e.asset(), e.partition().orElse("")))) {
                materialized.add(e.asset());
                events.add(e);
            }
        }

        void check(RunEvent.AssetCheckResult e) {
            if (checked.add(new Slot(e.asset(), e.checkName()))) {
                events.add(e);
            }
        }

        void collect(Call call, RunResult r) {
            // The tables this run materialized, by the engine's full name: the first way a drift or anomaly table resolves.
            Map<String, AssetSpec> byTable = new HashMap<>();
            if (call.wholePipeline) {
                collectPipeline(call, r);
            } else {
                for (RunResult.Materialization m : r.materializations()) {
                    AssetSpec spec = match(call, m.assetKey());
                    if (spec == null) {
                        log.log(LogSink.Level.DEBUG, "rocky run materialized " + String.join(".", m.assetKey())
                                + ", which is not selected; not reported");
                        continue;
                    }
                    m.targetTableFullName().ifPresent(t -> byTable.put(t, spec));
                    Optional<String> partition = m.partition().flatMap(p -> orchestratorKey(spec, p.key()));
                    materialize(new RunEvent.MaterializeResult(spec.key(), partition, materializationMetadata(m, r)));
                }
                for (RunResult.TableError e : r.errors()) {
                    AssetSpec spec = match(call, e.assetKey());
                    if (spec == null && call.serves.size() == 1 && targetOf(call.serves.get(0)) instanceof RunTarget.Model) {
                        spec = call.serves.get(0); // a one-model run's errors are that model's, however the engine keys them
                    }
                    fail(new AssetFailure(Optional.ofNullable(spec).map(AssetSpec::key), String.join(".", e.assetKey()),
                            e.failureKind(), e.error(), e.cooldownSeconds()));
                }
                modelOutcomes(call, r);
            }
            for (RunResult.TableChecks tc : r.checkResults()) {
                List<AssetSpec> specs = call.wholePipeline ? call.serves : single(match(call, tc.assetKey()));
                for (AssetSpec spec : specs) {
                    for (RunResult.CheckOutcome c : tc.checks()) {
                        // The spec was declared under the sanitised name (null_rate:amount → null_rate_amount): match and
                        // report under it, or a failing result would be dropped and a passing placeholder take its place.
                        String name = BuildDefinitions.sanitizeCheckName(c.name());
                        if (!spec.checkNames().contains(name)) {
                            continue;
                        }
                        Map<String, MetadataValue> md = new LinkedHashMap<>(c.details());
                        r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                        check(new RunEvent.AssetCheckResult(spec.key(), name, c.passed(), c.severity(), md));
                    }
                }
            }
            for (RunResult.Anomaly a : r.anomalies()) {
                AssetSpec spec = resolveTable(call, byTable, a.table());
                if (spec == null || !spec.checkNames().contains(ANOMALY_CHECK)) {
                    continue;
                }
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put("rocky/current_count", MetadataValue.integer(a.currentCount()));
                md.put("rocky/baseline_avg", new MetadataValue.FloatValue(a.baselineAvg()));
                md.put("rocky/deviation_pct", new MetadataValue.FloatValue(a.deviationPct()));
                md.put("rocky/reason", MetadataValue.text(a.reason()));
                r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                check(new RunEvent.AssetCheckResult(spec.key(), ANOMALY_CHECK, false, CheckSeverity.WARN, md));
            }
            for (RunResult.DriftAction d : r.driftActions()) {
                AssetSpec spec = resolveTable(call, byTable, d.table());
                if (spec == null) {
                    continue;
                }
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put("rocky/drift_action", MetadataValue.text(d.action()));
                md.put("rocky/drift_reason", MetadataValue.text(d.reason()));
                md.put("rocky/drift_table", MetadataValue.text(d.table()));
                md.put("rocky/drift_tables_checked", MetadataValue.integer(r.driftTablesChecked()));
                md.put("rocky/drift_tables_drifted", MetadataValue.integer(r.driftTablesDrifted()));
                r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                events.add(new RunEvent.AssetObservation(spec.key(), md));
            }
            for (RunResult.ContainedModel c : r.contained()) {
                for (AssetSpec spec : call.serves) {
                    if (modelName(spec).filter(c.model()::equals).isEmpty()) {
                        continue;
                    }
                    contained.putIfAbsent(spec.key(), c);
                    Map<String, MetadataValue> md = new LinkedHashMap<>();
                    md.put("rocky/contained", new MetadataValue.BoolValue(true));
                    md.put("rocky/blocked_by", MetadataValue.text(String.join(", ", c.blockedBy())));
                    md.put("rocky/unblock_hint", MetadataValue.text(c.unblockHint()));
                    events.add(new RunEvent.AssetObservation(spec.key(), md));
                }
            }
        }

        /**
         * The reference's verdict for each model a call ran ({@code _resolve_transformation_outcome},
         * dagster-rocky dag_assets.py): a contained model failed (blocked by a failed upstream); a
         * model with neither a materialization nor an itemised error failed when the run reports
         * failed tables or a failed status; a successful run with nothing to match materialized it.
         */
        private void modelOutcomes(Call call, RunResult r) {
            for (AssetSpec spec : call.serves) {
                if (!(targetOf(spec) instanceof RunTarget.Model m) || materialized.contains(spec.key()) || failed(spec.key())) {
                    continue;
                }
                Optional<RunResult.ContainedModel> contained = r.contained().stream().filter(c -> c.model().equals(m.name()))
                        .findFirst();
                if (contained.isPresent()) {
                    fail(new AssetFailure(Optional.of(spec.key()), call.describe(), FailureKind.CONTAINED, "model " + m.name()
                            + " was contained: blocked by " + String.join(", ", contained.get().blockedBy()) + "; "
                            + contained.get().unblockHint(), OptionalLong.empty()));
                } else if (r.tablesFailed() > 0 || r.status() == RunStatus.FAILURE || r.status() == RunStatus.PARTIAL_FAILURE) {
                    fail(new AssetFailure(Optional.of(spec.key()), call.describe(), FailureKind.UNKNOWN, "model " + m.name()
                            + " did not materialize: the engine reported status " + r.status().wireName() + " with "
                            + r.tablesFailed() + " failed table(s) but itemised no matching error", OptionalLong.empty()));
                } else if (r.status() == RunStatus.SUCCESS) {
                    Map<String, MetadataValue> md = new LinkedHashMap<>();
                    md.put("dagster/duration_ms", MetadataValue.integer(r.durationMs()));
                    r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                    materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
                }
            }
        }

        private void collectPipeline(Call call, RunResult r) {
            if (!r.materializations().isEmpty()) {
                long rows = 0;
                boolean rowsKnown = true;
                for (RunResult.Materialization m : r.materializations()) {
                    if (m.rowsCopied().isPresent()) {
                        rows += m.rowsCopied().getAsLong();
                    } else {
                        rowsKnown = false;
                    }
                }
                for (AssetSpec spec : call.serves) {
                    Map<String, MetadataValue> md = new LinkedHashMap<>();
                    md.put("dagster-rocky/strategy", MetadataValue.text(r.materializations().get(0).strategy()));
                    md.put("rocky/tables_copied", MetadataValue.integer(r.materializations().size()));
                    md.put("rocky/filter", MetadataValue.text(r.filter()));
                    if (rowsKnown) {
                        md.put("dagster/row_count", MetadataValue.integer(rows));
                    }
                    md.put("dagster/duration_ms", MetadataValue.integer(r.durationMs()));
                    r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                    // one materialization per source run: the filter tells the runs of one pipeline apart
                    if (materializedPartitions.add(new Slot(spec.key(), "filter\u0000" + r.filter()))) {
                        materialized.add(spec.key());
                        events.add(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
                    }
                }
            }
            for (RunResult.TableError e : r.errors()) {
                for (AssetSpec spec : call.serves) {
                    fail(new AssetFailure(Optional.of(spec.key()), String.join(".", e.assetKey()), e.failureKind(), e.error(),
                            e.cooldownSeconds()));
                }
            }
        }

        private AssetSpec match(Call call, List<String> engineKey) {
            if (indexed != call) {
                Map<List<String>, AssetSpec> index = new HashMap<>(call.serves.size() * 4 / 3 + 1);
                for (AssetSpec spec : call.serves) {
                    if (targetOf(spec) instanceof RunTarget.SourceTable st) {
                        index.putIfAbsent(st.engineKey(), spec);
                    }
                }
                tablesByEngineKey = index;
                indexed = call;
            }
            AssetSpec table = tablesByEngineKey.get(engineKey);
            if (table != null) {
                return table;
            }
            for (AssetSpec spec : call.serves) {
                if (targetOf(spec) instanceof RunTarget.Model m && sameModel(m.engineKey(), engineKey)) {
                    return spec;
                }
            }
            return null;
        }

        /**
         * Resolves the table a drift or anomaly event names ({@code table}, {@code schema.table} or
         * {@code catalog.schema.table}) to a selected asset of the call, as the reference's
         * {@code _build_table_resolver}: a table this run materialized under that full name; else
         * each trailing dotted tuple against the assets' engine keys; else the one asset whose
         * engine key ends with the last segment. Two such assets are ambiguous: the event is
         * dropped with a warning rather than given to either.
         */
        private AssetSpec resolveTable(Call call, Map<String, AssetSpec> materializedByName, String table) {
            AssetSpec exact = materializedByName.get(table);
            if (exact != null) {
                return exact;
            }
            List<String> parts = List.of(table.split("\\.", -1));
            for (int start = 0; start < parts.size(); start++) {
                List<String> tail = parts.subList(start, parts.size());
                for (AssetSpec spec : call.serves) {
                    if (engineKey(spec).equals(tail)) {
                        return spec;
                    }
                }
            }
            String last = parts.get(parts.size() - 1);
            List<AssetSpec> candidates = call.serves.stream()
                    .filter(spec -> !engineKey(spec).isEmpty() && engineKey(spec).get(engineKey(spec).size() - 1).equals(last)).toList();
            if (candidates.size() > 1) {
                log.warn("rocky reported an event for table " + table + ", which matches " + candidates.size() + " selected assets ("
                        + String.join(", ", candidates.stream().map(c -> c.key().toUserString()).toList())
                        + ") by its last segment; it is dropped rather than given to either");
            }
            return candidates.size() == 1 ? candidates.get(0) : null;
        }

        /** @return the engine's key of an asset's table or model, empty for a placeholder */
        private List<String> engineKey(AssetSpec spec) {
            RunTarget t = targetOf(spec);
            if (t instanceof RunTarget.SourceTable st) {
                return st.engineKey();
            }
            return t instanceof RunTarget.Model m ? m.engineKey() : List.of();
        }

        private Optional<String> modelName(AssetSpec spec) {
            return targetOf(spec) instanceof RunTarget.Model m ? Optional.of(m.name()) : Optional.empty();
        }

        private RunTarget targetOf(AssetSpec spec) {
            return targets.get(spec.key());
        }
    }

    /**
     * A model's printed key matches its target {@code [catalog, schema, table]} when schema and
     * table are equal and the catalogs are equal or one is blank (rocky prints an empty catalog for
     * a model whose target names none).
     */
    private static boolean sameModel(List<String> target, List<String> printed) {
        if (target.size() != 3 || printed.size() != 3) {
            return target.equals(printed);
        }
        return target.get(1).equals(printed.get(1)) && target.get(2).equals(printed.get(2))
                && (target.get(0).isEmpty() || printed.get(0).isEmpty() || target.get(0).equals(printed.get(0)));
    }

    private static List<AssetSpec> single(AssetSpec spec) {
        return spec == null ? List.of() : List.of(spec);
    }

    private static Optional<String> orchestratorKey(AssetSpec spec, String rockyKey) {
        Optional<TimeGrain> grain = grainOf(spec);
        if (grain.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(grain.get().toOrchestratorKey(rockyKey));
        } catch (IllegalArgumentException e) {
            return Optional.of(rockyKey);
        }
    }

    private static Map<String, MetadataValue> materializationMetadata(RunResult.Materialization m, RunResult r) {
        Map<String, MetadataValue> md = new LinkedHashMap<>();
        md.put("dagster-rocky/strategy", MetadataValue.text(m.strategy()));
        md.put("dagster-rocky/duration_ms", MetadataValue.integer(m.durationMs()));
        m.rowsCopied().ifPresent(n -> md.put("dagster-rocky/rows_copied", MetadataValue.integer(n)));
        m.watermark().ifPresent(w -> md.put("dagster-rocky/watermark", MetadataValue.text(w)));
        m.targetTableFullName().ifPresent(t -> md.put("dagster-rocky/target_table_full_name", MetadataValue.text(t)));
        m.sqlHash().ifPresent(h -> md.put("dagster-rocky/sql_hash", MetadataValue.text(h)));
        m.columnCount().ifPresent(n -> md.put("dagster-rocky/column_count", MetadataValue.integer(n)));
        m.compileTimeMs().ifPresent(n -> md.put("dagster-rocky/compile_time_ms", MetadataValue.integer(n)));
        m.rowsCopied().ifPresent(n -> md.put("dagster/row_count", MetadataValue.integer(n)));
        md.put("dagster/duration_ms", MetadataValue.integer(m.durationMs()));
        m.partition().ifPresent(p -> md.put("rocky/partition_key", MetadataValue.text(p.key())));
        r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
        return md;
    }
}
