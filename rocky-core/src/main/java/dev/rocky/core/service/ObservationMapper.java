package dev.rocky.core.service;

import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run says about assets without materializing them: an {@code AssetObservation} per
 * schema-drift action on a selected table ({@code rocky/drift_action}, {@code rocky/drift_reason},
 * {@code rocky/drift_table}, {@code rocky/drift_tables_checked}, {@code rocky/drift_tables_drifted},
 * as the reference's {@code drift_observations}), one per selected model withheld behind a failed
 * upstream ({@code rocky/contained}, {@code rocky/blocked_by}, {@code rocky/unblock_hint}), and the
 * selected tables rocky pruned as unchanged since their last copy, noted for the empty-output and
 * placeholder stages.
 */
final class ObservationMapper {

    private final RunEventCollector out;

    ObservationMapper(RunEventCollector out) {
        this.out = out;
    }

    void map(RunCall call, RunResult r, RunOutputMatcher matcher, Map<String, AssetSpec> byTable) {
        for (RunResult.DriftAction d : r.driftActions()) {
            AssetSpec spec = matcher.resolveTable(byTable, d.table());
            if (spec == null) {
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put(MetadataKeys.ROCKY_DRIFT_ACTION, MetadataValue.text(d.action()));
            md.put(MetadataKeys.ROCKY_DRIFT_REASON, MetadataValue.text(d.reason()));
            md.put(MetadataKeys.ROCKY_DRIFT_TABLE, MetadataValue.text(d.table()));
            md.put(MetadataKeys.ROCKY_DRIFT_TABLES_CHECKED, MetadataValue.integer(r.driftTablesChecked()));
            md.put(MetadataKeys.ROCKY_DRIFT_TABLES_DRIFTED, MetadataValue.integer(r.driftTablesDrifted()));
            r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
            out.add(new RunEvent.AssetObservation(spec.key(), md));
        }
        for (RunResult.ContainedModel c : r.contained()) {
            for (AssetSpec spec : call.serves()) {
                if (matcher.model(spec).filter(m -> m.name().equals(c.model())).isEmpty()) {
                    continue;
                }
                out.contained.putIfAbsent(spec.key(), c);
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put(MetadataKeys.ROCKY_CONTAINED, new MetadataValue.BoolValue(true));
                md.put(MetadataKeys.ROCKY_BLOCKED_BY, MetadataValue.text(String.join(", ", c.blockedBy())));
                md.put(MetadataKeys.ROCKY_UNBLOCK_HINT, MetadataValue.text(c.unblockHint()));
                out.add(new RunEvent.AssetObservation(spec.key(), md));
            }
        }
        for (RunResult.ExcludedTable x : r.excludedTables()) {
            AssetSpec spec = x.prunedUnchanged() && !call.wholePipeline() ? matcher.byEngineKey(x.assetKey()) : null;
            if (spec != null) {
                out.pruned.putIfAbsent(spec.key(), x);
            }
        }
    }
}
