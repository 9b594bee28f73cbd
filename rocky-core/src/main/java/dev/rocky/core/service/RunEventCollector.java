package dev.rocky.core.service;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The events and failures of one materialization, deduplicated, and the mapping of each rocky run's
 * output onto the selected assets it served: materializations, check results, anomalies, drift,
 * contained models and errors, each matched through the engine keys the load recorded in the
 * assets' run targets. Events and failures are handed to the listener as they are published.
 */
final class RunEventCollector {
    final Map<AssetKey, RunTarget> targets;
    final List<RunEvent> events = new ArrayList<>();
    final List<AssetFailure> failures = new ArrayList<>();
    final Set<AssetKey> materialized = new HashSet<>();
    /** The selected models the runs withheld behind a failed upstream, with why. */
    final Map<AssetKey, RunResult.ContainedModel> contained = new HashMap<>();
    final Set<EventSlot> materializedPartitions = new HashSet<>();
    final Set<EventSlot> checked = new HashSet<>();
    final Set<AssetKey> failedKeys = new HashSet<>();
    /** The engine key of each discovered table a call serves, for matching its run's output; rebuilt per call. */
    private Map<List<String>, AssetSpec> tablesByEngineKey = Map.of();
    private RunCall indexed;
    private final RunEventListener listener;
    private int publishedEvents;
    private int publishedFailures;

    private final LogSink log;

    /**
     * @param targets each asset's run target: how a run's output is matched to assets
     * @param listener receives events and failures as {@link #publish()} hands them on
     * @param log where ambiguous tables and unselected materializations are reported
     */
    RunEventCollector(Map<AssetKey, RunTarget> targets, RunEventListener listener, LogSink log) {
        this.targets = targets;
        this.listener = listener;
        this.log = log;
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
        if (materializedPartitions.add(new EventSlot(e.asset(), e.partition().orElse("")))) {
            materialized.add(e.asset());
            events.add(e);
        }
    }

    void check(RunEvent.AssetCheckResult e) {
        if (checked.add(new EventSlot(e.asset(), e.checkName()))) {
            events.add(e);
        }
    }

    void collect(RunCall call, RunResult r) {
        // The tables this run materialized, by the engine's full name: the first way a drift or anomaly table resolves.
        Map<String, AssetSpec> byTable = new HashMap<>();
        if (call.wholePipeline()) {
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
                if (spec == null && call.serves().size() == 1 && targetOf(call.serves().get(0)) instanceof RunTarget.Model) {
                    spec = call.serves().get(0); // a one-model run's errors are that model's, however the engine keys them
                }
                fail(new AssetFailure(Optional.ofNullable(spec).map(AssetSpec::key), String.join(".", e.assetKey()),
                        e.failureKind(), e.error(), e.cooldownSeconds()));
            }
            modelOutcomes(call, r);
        }
        for (RunResult.TableChecks tc : r.checkResults()) {
            List<AssetSpec> specs = call.wholePipeline() ? call.serves() : single(match(call, tc.assetKey()));
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
            if (spec == null || !spec.checkNames().contains(Materializer.ANOMALY_CHECK)) {
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put("rocky/current_count", MetadataValue.integer(a.currentCount()));
            md.put("rocky/baseline_avg", new MetadataValue.FloatValue(a.baselineAvg()));
            md.put("rocky/deviation_pct", new MetadataValue.FloatValue(a.deviationPct()));
            md.put("rocky/reason", MetadataValue.text(a.reason()));
            r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
            check(new RunEvent.AssetCheckResult(spec.key(), Materializer.ANOMALY_CHECK, false, CheckSeverity.WARN, md));
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
            for (AssetSpec spec : call.serves()) {
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
    private void modelOutcomes(RunCall call, RunResult r) {
        for (AssetSpec spec : call.serves()) {
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

    private void collectPipeline(RunCall call, RunResult r) {
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
            for (AssetSpec spec : call.serves()) {
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
                if (materializedPartitions.add(new EventSlot(spec.key(), "filter\u0000" + r.filter()))) {
                    materialized.add(spec.key());
                    events.add(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
                }
            }
        }
        for (RunResult.TableError e : r.errors()) {
            for (AssetSpec spec : call.serves()) {
                fail(new AssetFailure(Optional.of(spec.key()), String.join(".", e.assetKey()), e.failureKind(), e.error(),
                        e.cooldownSeconds()));
            }
        }
    }

    private AssetSpec match(RunCall call, List<String> engineKey) {
        if (indexed != call) {
            Map<List<String>, AssetSpec> index = new HashMap<>(call.serves().size() * 4 / 3 + 1);
            for (AssetSpec spec : call.serves()) {
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
        for (AssetSpec spec : call.serves()) {
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
    private AssetSpec resolveTable(RunCall call, Map<String, AssetSpec> materializedByName, String table) {
        AssetSpec exact = materializedByName.get(table);
        if (exact != null) {
            return exact;
        }
        List<String> parts = List.of(table.split("\\.", -1));
        for (int start = 0; start < parts.size(); start++) {
            List<String> tail = parts.subList(start, parts.size());
            for (AssetSpec spec : call.serves()) {
                if (engineKey(spec).equals(tail)) {
                    return spec;
                }
            }
        }
        String last = parts.get(parts.size() - 1);
        List<AssetSpec> candidates = call.serves().stream()
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
        Optional<TimeGrain> grain = CallPlanner.grainOf(spec);
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
