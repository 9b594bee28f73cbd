package dev.rocky.core.service;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.CheckVerdict;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a materialization reports after its runs, so that every selected asset's declared checks
 * are accounted for: the verdicts the load already knows (contract checks), the empty outputs of
 * {@code satisfy_empty_outputs}, and a placeholder for each declared check nothing reported, as the
 * reference's {@code _emit_placeholder_checks}, with its containment and pruned variants.
 */
final class CheckCompletion {

    private final LogSink log;

    /** @param log where a skipped empty-output pass is reported */
    CheckCompletion(LogSink log) {
        this.log = log;
    }

    /**
     * Reports the check verdicts the load decided (contract checks from compile diagnostics) for
     * the selected assets that declare them.
     */
    void verdicts(Definitions defs, List<AssetSpec> selected, RunEventCollector out) {
        if (defs.verdicts().isEmpty()) {
            return; // (no key of the selection is looked up in a graph that has no verdicts)
        }
        for (AssetSpec spec : selected) {
            for (CheckVerdict v : defs.verdicts().getOrDefault(spec.key(), List.of())) {
                if (spec.checkNames().contains(v.checkName())) {
                    out.check(new RunEvent.AssetCheckResult(spec.key(), v.checkName(), v.passed(),
                            v.warning() ? CheckSeverity.WARN : CheckSeverity.ERROR, v.metadata()));
                }
            }
        }
    }

    /**
     * {@code satisfy_empty_outputs}, as the reference's: a zero-row materialization
     * ({@code rocky/empty_for_partition}, {@code dagster/row_count: 0}, {@code rocky/reason},
     * {@code rocky/pruned_unchanged}; stamped with the selection's partition on a partitioned
     * asset) for each selected asset the runs neither materialized, failed nor contained, so a
     * downstream in the same run is not skipped. A table rocky pruned as unchanged since its last
     * copy is stamped {@code rocky/pruned_unchanged: true} with its own reason. When the runs
     * report more failed tables than they itemise, an absent asset may be a hidden failure: no
     * empty output at all, and a warning.
     */
    void emptyOutputs(CallPlanner.Resolved selected, Materializer.Selection selection, RunEventCollector out) {
        long failedTables = out.tablesFailed;
        long itemised = out.itemisedErrors;
        if (failedTables > itemised) {
            log.warn("satisfy_empty_outputs: the runs report more failures (" + failedTables + " tables) than they itemise ("
                    + itemised + "), so an absent asset may be a hidden failure; no empty outputs are reported");
            return;
        }
        List<AssetSpec> specs = selected.specs();
        for (int i = 0; i < specs.size(); i++) {
            AssetSpec spec = specs.get(i);
            if (out.isMaterializedAt(selected.positions()[i]) || out.failed(spec.key()) || out.contained.containsKey(spec.key())) {
                continue;
            }
            boolean pruned = out.pruned.containsKey(spec.key());
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put(MetadataKeys.DAGSTER_ROW_COUNT, MetadataValue.integer(0));
            md.put(RunEvent.EMPTY_FOR_PARTITION, new MetadataValue.BoolValue(true));
            md.put(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(pruned));
            md.put(MetadataKeys.ROCKY_REASON, MetadataValue.text(pruned
                    ? "unchanged since last copy: rocky pruned it (its source is unchanged), so nothing was copied"
                    : "absent or empty: rocky copied nothing for it in this run"));
            Optional<String> partition = spec.partitions().isPresent() ? selection.partition() : Optional.empty();
            out.add(new RunEvent.MaterializeResult(spec.key(), partition, md));
        }
    }

    /**
     * Without {@code satisfy_empty_outputs}, a pruned table is not materialized and a downstream in
     * the same run is skipped: said once, as the reference warns.
     */
    void warnOfPruningWithoutEmptyOutputs(RunEventCollector out) {
        if (!out.pruned.isEmpty()) {
            log.warn("prune_unchanged skipped " + out.pruned.size() + " table(s) unchanged since their last copy ("
                    + String.join(", ", out.pruned.keySet().stream().map(AssetKey::toUserString).sorted().limit(5).toList())
                    + (out.pruned.size() > 5 ? ", …" : "") + "), but satisfy_empty_outputs is off, so they are not "
                    + "materialized and downstreams of them in this run may be skipped; set satisfy_empty_outputs: true");
        }
    }

    /**
     * A placeholder for each declared check of a selected asset that nothing reported: passed
     * (ERROR severity) with {@code status} "not produced by rocky (check type: &lt;name&gt;)" for a
     * materialized asset; failed (WARN) with "failure containment: …" for a contained model; for a
     * table rocky pruned as unchanged, its last recorded verdict carried forward (passed, severity)
     * with {@code rocky/pruned_unchanged: true} and when it was recorded, or, with none recorded, failed
     * (WARN) "unchanged since last copy; no earlier verdict is recorded"; else failed (WARN) "table
     * not materialized". Every placeholder carries {@code rocky/placeholder: true}, so it never reads
     * like a result the engine produced. An empty output is not a materialization here.
     *
     * @param selected the selected assets, with their positions in the graph (so that no key is
     *     looked up again)
     * @param lastVerdicts the last recorded verdicts of the pruned assets
     */
    void placeholders(CallPlanner.Resolved selected, RunEventCollector out, Map<AssetKey, Map<String, RecordedVerdict>> lastVerdicts,
            Optional<String> tenantPartition) {
        // One metadata map per distinct content, shared by every placeholder that carries it: at 100,000
        // tables that is 400,000 results over a handful of maps. Each kind is found by what makes its
        // content distinct (no key object is made per result to look it up).
        Map<String, Map<String, MetadataValue>> prunedByStatus = new java.util.HashMap<>();
        Map<String, Map<String, MetadataValue>> producedByCheck = new java.util.HashMap<>();
        Map<RunResult.ContainedModel, Map<String, MetadataValue>> byContainment = new java.util.HashMap<>();
        Map<String, MetadataValue> absent = null;
        List<AssetSpec> specs = selected.specs();
        for (int i = 0; i < specs.size(); i++) {
            AssetSpec spec = specs.get(i);
            // a tenant-partitioned asset's checks are partitioned with it
            Optional<String> partition = spec.partitions().filter(p -> p instanceof dev.rocky.core.spec.PartitionsDefinition.Dynamic)
                    .isPresent() ? tenantPartition : Optional.empty();
            boolean materialized = out.isMaterializedAt(selected.positions()[i]);
            RunResult.ContainedModel contained = out.contained.get(spec.key());
            boolean pruned = !materialized && contained == null && !out.failed(spec.key()) && out.pruned.containsKey(spec.key());
            List<String> checks = spec.checkNames(); // (the shared names: no check spec is made per result)
            for (int c = 0; c < checks.size(); c++) {
                String checkName = checks.get(c);
                if (out.isCheckedAt(selected.positions()[i], c, spec)) {
                    continue;
                }
                if (pruned) {
                    RecordedVerdict last = lastVerdicts.getOrDefault(spec.key(), Map.of()).get(checkName);
                    String status = last == null ? "unchanged since last copy; no earlier verdict is recorded"
                            : "unchanged since last copy; the verdict of " + last.recordedAt() + " is carried forward";
                    out.add(new RunEvent.AssetCheckResult(spec.key(), checkName, last != null && last.passed(),
                            last == null ? CheckSeverity.WARN : last.severity(),
                            prunedByStatus.computeIfAbsent(status, k -> frozen(true, k)), partition));
                    continue;
                }
                // the status is made once per distinct content, not once per check result
                Map<String, MetadataValue> md;
                if (materialized) {
                    md = producedByCheck.computeIfAbsent(checkName, k -> frozen(false, "not produced by rocky (check type: " + k + ")"));
                } else if (contained != null) {
                    md = byContainment.computeIfAbsent(contained, k -> frozen(false, "failure containment: withheld because "
                            + String.join(", ", k.blockedBy()) + " failed; " + k.unblockHint()));
                } else {
                    if (absent == null) {
                        absent = frozen(false, "table not materialized");
                    }
                    md = absent;
                }
                out.add(new RunEvent.AssetCheckResult(spec.key(), checkName, materialized,
                        materialized ? CheckSeverity.ERROR : CheckSeverity.WARN, md, partition));
            }
            // handed on asset by asset, in the same order: a streamed ledger never holds every placeholder at once
            out.publish();
        }
    }

    /**
     * @return a placeholder's metadata ({@code rocky/placeholder}, {@code rocky/pruned_unchanged}
     *     when pruned, {@code status}), frozen so that every result with the same content shares it
     */
    private static Map<String, MetadataValue> frozen(boolean pruned, String status) {
        Map<String, MetadataValue> md = new LinkedHashMap<>();
        md.put(MetadataKeys.ROCKY_PLACEHOLDER, new MetadataValue.BoolValue(true));
        if (pruned) {
            md.put(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(true));
        }
        md.put(MetadataKeys.STATUS, MetadataValue.text(status));
        return dev.rocky.core.spec.Maps.orderedCopy(md);
    }
}
