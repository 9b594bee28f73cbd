package dev.rocky.core.service;

import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetNames;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The check results of one run: each {@code check_results} outcome of a selected asset that
 * declares the check (matched under its sanitised name, {@code null_rate:amount} →
 * {@code null_rate_amount}, the name the spec was declared under, so a failure stays a failure),
 * and each anomaly as a failed {@code row_count_anomaly} result (WARN) with
 * {@code rocky/current_count}, {@code rocky/baseline_avg}, {@code rocky/deviation_pct},
 * {@code rocky/reason}, as the reference's {@code anomaly_check_results}.
 */
final class CheckResultMapper {

    private final RunEventCollector out;

    CheckResultMapper(RunEventCollector out) {
        this.out = out;
    }

    void map(RunCall call, RunResult r, RunOutputMatcher matcher, Map<String, AssetSpec> byTable) {
        for (RunResult.TableChecks tc : r.checkResults()) {
            // the served assets the table's results are for: every one of a whole-pipeline call, else the matched one
            int from = 0;
            int to = call.serves().size();
            if (!call.wholePipeline()) {
                from = matcher.servedIndex(tc.assetKey());
                to = from < 0 ? from : from + 1;
            }
            for (int served = from; served < to; served++) {
                AssetSpec spec = call.serves().get(served);
                for (RunResult.CheckOutcome c : tc.checks()) {
                    String name = AssetNames.sanitize(c.name());
                    if (spec.checkNames().contains(name)) {
                        // the outcome's details are already the immutable form a result keeps: shared, not copied
                        Map<String, MetadataValue> md = c.details();
                        if (r.planId().isPresent()) {
                            out.metadata.clear(); // (nothing half-built by a call that threw)
                            md = out.metadata.putAll(md).put(RunEvent.PLAN_ID, MetadataValue.text(r.planId().get())).build();
                        }
                        out.check(new RunEvent.AssetCheckResult(spec.key(), name, c.passed(), c.severity(), md, call.tenantPartition()),
                                call.positionOf(served));
                    }
                }
            }
        }
        for (RunResult.Anomaly a : r.anomalies()) {
            AssetSpec spec = matcher.resolveTable(byTable, a.table());
            if (spec == null || !spec.checkNames().contains(Materializer.ANOMALY_CHECK)) {
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put(MetadataKeys.ROCKY_CURRENT_COUNT, MetadataValue.integer(a.currentCount()));
            md.put(MetadataKeys.ROCKY_BASELINE_AVG, new MetadataValue.FloatValue(a.baselineAvg()));
            md.put(MetadataKeys.ROCKY_DEVIATION_PCT, new MetadataValue.FloatValue(a.deviationPct()));
            md.put(MetadataKeys.ROCKY_REASON, MetadataValue.text(a.reason()));
            r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
            out.check(new RunEvent.AssetCheckResult(spec.key(), Materializer.ANOMALY_CHECK, false, CheckSeverity.WARN, md)
                    .withPartition(call.tenantPartition()));
        }
    }
}
