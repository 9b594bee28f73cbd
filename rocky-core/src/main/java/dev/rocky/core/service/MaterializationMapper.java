package dev.rocky.core.service;

import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The materializations and failures of one run: a {@code MaterializeResult} per materialized
 * selected table or model (the reference's {@code RockyMetadataSet} keys plus
 * {@code dagster/row_count} and {@code dagster/duration_ms}), one per served asset for a whole
 * pipeline run, an {@link AssetFailure} per itemised error, and each model's verdict when the run
 * itemised nothing for it (the reference's {@code _resolve_transformation_outcome}).
 */
final class MaterializationMapper {

    private final RunEventCollector out;
    private final LogSink log;

    MaterializationMapper(RunEventCollector out, LogSink log) {
        this.out = out;
        this.log = log;
    }

    /** @return the run's materialized assets by the engine's full table name, for resolving drift and anomaly tables */
    Map<String, AssetSpec> map(RunCall call, RunResult r, RunOutputMatcher matcher) {
        Map<String, AssetSpec> byTable = new HashMap<>();
        if (call.wholePipeline()) {
            pipeline(call, r);
            return byTable;
        }
        for (RunResult.Materialization m : r.materializations()) {
            int served = matcher.servedIndex(m.assetKey());
            if (served < 0) {
                log.log(LogSink.Level.DEBUG, "rocky run materialized " + String.join(".", m.assetKey())
                        + ", which is not selected; not reported");
                continue;
            }
            AssetSpec spec = call.serves().get(served);
            m.targetTableFullName().ifPresent(t -> byTable.put(t, spec));
            Optional<String> partition = call.tenantPartition().isPresent() ? call.tenantPartition()
                    : m.partition().flatMap(p -> orchestratorKey(spec, p.key()));
            RunEvent.MaterializeResult e = new RunEvent.MaterializeResult(spec.key(), partition, metadata(m, r));
            out.materialize(e, partition.orElse(""), call.positionOf(served));
        }
        for (RunResult.TableError e : r.errors()) {
            AssetSpec spec = matcher.byEngineKey(e.assetKey());
            if (spec == null && call.serves().size() == 1 && out.targetOf(call.serves().get(0)) instanceof RunTarget.Model) {
                spec = call.serves().get(0); // a one-model run's errors are that model's, however the engine keys them
            }
            out.fail(new AssetFailure(Optional.ofNullable(spec).map(AssetSpec::key), String.join(".", e.assetKey()),
                    e.failureKind(), e.error(), e.cooldownSeconds()));
        }
        modelOutcomes(call, r, matcher);
        return byTable;
    }

    /**
     * The reference's verdict for each model a call ran ({@code _resolve_transformation_outcome},
     * dagster-rocky dag_assets.py): a contained model failed (blocked by a failed upstream); a
     * model with neither a materialization nor an itemised error failed when the run reports
     * failed tables or a failed status; a successful run with nothing to match materialized it.
     */
    private void modelOutcomes(RunCall call, RunResult r, RunOutputMatcher matcher) {
        List<AssetSpec> serves = call.serves();
        for (int i = 0; i < serves.size(); i++) {
            RunTarget.Model model = matcher.modelAt(i); // a table's call looks no key up here
            AssetSpec spec = serves.get(i);
            if (model == null || out.isMaterialized(spec.key()) || out.failed(spec.key())) {
                continue;
            }
            String name = model.name();
            Optional<RunResult.ContainedModel> contained = r.contained().stream().filter(c -> c.model().equals(name)).findFirst();
            if (contained.isPresent()) {
                out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), FailureKind.CONTAINED, "model " + name
                        + " was contained: blocked by " + String.join(", ", contained.get().blockedBy()) + "; "
                        + contained.get().unblockHint(), OptionalLong.empty()));
            } else if (r.tablesFailed() > 0 || r.status() == RunStatus.FAILURE || r.status() == RunStatus.PARTIAL_FAILURE) {
                out.fail(new AssetFailure(Optional.of(spec.key()), call.describe(), FailureKind.UNKNOWN, "model " + name
                        + " did not materialize: the engine reported status " + r.status().wireName() + " with "
                        + r.tablesFailed() + " failed table(s) but itemised no matching error", OptionalLong.empty()));
            } else if (r.status() == RunStatus.SUCCESS) {
                Map<String, MetadataValue> md = new LinkedHashMap<>();
                md.put(MetadataKeys.DAGSTER_DURATION_MS, MetadataValue.integer(r.durationMs()));
                r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md));
            }
        }
    }

    /** A whole-pipeline run (a DAG source or load node): one materialization per served asset and filter. */
    private void pipeline(RunCall call, RunResult r) {
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
                md.put(MetadataKeys.DAGSTER_ROCKY_STRATEGY, MetadataValue.text(r.materializations().get(0).strategy()));
                md.put(MetadataKeys.ROCKY_TABLES_COPIED, MetadataValue.integer(r.materializations().size()));
                md.put(MetadataKeys.ROCKY_FILTER, MetadataValue.text(r.filter()));
                if (rowsKnown) {
                    md.put(MetadataKeys.DAGSTER_ROW_COUNT, MetadataValue.integer(rows));
                }
                md.put(MetadataKeys.DAGSTER_DURATION_MS, MetadataValue.integer(r.durationMs()));
                r.planId().ifPresent(id -> md.put(RunEvent.PLAN_ID, MetadataValue.text(id)));
                // one materialization per source run: the filter tells the runs of one pipeline apart
                out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), md), "filter\u0000" + r.filter());
            }
        }
        for (RunResult.TableError e : r.errors()) {
            for (AssetSpec spec : call.serves()) {
                out.fail(new AssetFailure(Optional.of(spec.key()), String.join(".", e.assetKey()), e.failureKind(), e.error(),
                        e.cooldownSeconds()));
            }
        }
    }

    static Optional<String> orchestratorKey(AssetSpec spec, String rockyKey) {
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

    /**
     * The metadata of one materialization, in the reference's order, built in the collector's
     * builder (no intermediate map; maps of one shape share their keys): a row count and a duration
     * that appear under two keys are one value object each.
     */
    private Map<String, MetadataValue> metadata(RunResult.Materialization m, RunResult r) {
        dev.rocky.core.spec.Maps.OrderedBuilder<String, MetadataValue> md = out.metadata;
        md.clear(); // (nothing half-built by a call that threw)
        MetadataValue duration = MetadataValue.integer(m.durationMs());
        MetadataValue rows = m.rowsCopied().isPresent() ? MetadataValue.integer(m.rowsCopied().getAsLong()) : null;
        md.put(MetadataKeys.DAGSTER_ROCKY_STRATEGY, MetadataValue.text(m.strategy()));
        md.put(MetadataKeys.DAGSTER_ROCKY_DURATION_MS, duration);
        if (rows != null) {
            md.put(MetadataKeys.DAGSTER_ROCKY_ROWS_COPIED, rows);
        }
        if (m.watermark().isPresent()) {
            md.put(MetadataKeys.DAGSTER_ROCKY_WATERMARK, MetadataValue.text(m.watermark().get()));
        }
        if (m.targetTableFullName().isPresent()) {
            md.put(MetadataKeys.DAGSTER_ROCKY_TARGET_TABLE_FULL_NAME, MetadataValue.text(m.targetTableFullName().get()));
        }
        if (m.sqlHash().isPresent()) {
            md.put(MetadataKeys.DAGSTER_ROCKY_SQL_HASH, MetadataValue.text(m.sqlHash().get()));
        }
        if (m.columnCount().isPresent()) {
            md.put(MetadataKeys.DAGSTER_ROCKY_COLUMN_COUNT, MetadataValue.integer(m.columnCount().getAsLong()));
        }
        if (m.compileTimeMs().isPresent()) {
            md.put(MetadataKeys.DAGSTER_ROCKY_COMPILE_TIME_MS, MetadataValue.integer(m.compileTimeMs().getAsLong()));
        }
        if (rows != null) {
            md.put(MetadataKeys.DAGSTER_ROW_COUNT, rows);
        }
        md.put(MetadataKeys.DAGSTER_DURATION_MS, duration);
        if (m.partition().isPresent()) {
            md.put(MetadataKeys.ROCKY_PARTITION_KEY, MetadataValue.text(m.partition().get().key()));
        }
        if (r.planId().isPresent()) {
            md.put(RunEvent.PLAN_ID, MetadataValue.text(r.planId().get()));
        }
        return md.build();
    }
}
