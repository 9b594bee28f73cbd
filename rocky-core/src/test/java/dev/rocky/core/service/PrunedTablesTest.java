package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.CheckVerdictStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tables rocky prunes as unchanged since their last copy ({@code excluded_tables} with reason
 * {@code unchanged_since_last_copy}): the reference's prune_unchanged tests in
 * test_satisfy_empty_outputs.py, with the last verdict carried forward from the verdict store
 * rather than Dagster's event log.
 */
class PrunedTablesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final CoreFakes.Cli cli = new CoreFakes.Cli();
    private final List<String> logged = new ArrayList<>();
    private final LogSink log = (level, message) -> logged.add(level + " " + message);
    private final MemoryVerdicts verdicts = new MemoryVerdicts();

    /** A verdict store in memory, counting what it was asked to record. */
    static final class MemoryVerdicts implements CheckVerdictStore {
        final Map<AssetKey, Map<String, RecordedVerdict>> byAsset = new HashMap<>();
        final List<RecordedVerdict> recorded = new ArrayList<>();
        boolean broken;

        @Override
        public Map<AssetKey, Map<String, RecordedVerdict>> last(Set<AssetKey> assets) {
            if (broken) {
                throw new StateException(ErrorCode.STATE_CORRUPT, "unreadable", null);
            }
            Map<AssetKey, Map<String, RecordedVerdict>> out = new HashMap<>(byAsset);
            out.keySet().retainAll(assets);
            return out;
        }

        @Override
        public void record(Collection<RecordedVerdict> vs) {
            if (broken) {
                throw new StateException(ErrorCode.STATE_IO, "read-only", null);
            }
            recorded.addAll(vs);
            vs.forEach(v -> byAsset.computeIfAbsent(v.asset(), k -> new LinkedHashMap<>()).put(v.checkName(), v));
        }

        @Override
        public String location() {
            return "memory";
        }
    }

    private static AssetSpec table(String name, String... checks) {
        AssetKey key = AssetKey.of("duckdb", "raw", name);
        List<AssetCheckSpec> specs = new ArrayList<>();
        for (String c : checks) {
            specs.add(new AssetCheckSpec(c, key, c));
        }
        return new AssetSpec(key, "raw", List.of(), List.of("rocky"), Map.of(), Map.of(), specs, Optional.empty(), Optional.empty());
    }

    /** a_raw, b_raw, c_raw of one source, each with a row_count check. */
    private static Definitions graph() {
        List<AssetSpec> assets = List.of(table("a_raw", "row_count"), table("b_raw", "row_count"), table("c_raw", "row_count"));
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        for (AssetSpec a : assets) {
            targets.put(a.key(), new RunTarget.SourceTable("raw__sw", Map.of("schema", "sw"), List.of("duckdb", "sw", a.key().leaf()),
                    Optional.empty()));
        }
        return new Definitions(assets, Optional.empty(), targets);
    }

    private static RunResult.Materialization mat(String table) {
        return new RunResult.Materialization(List.of("duckdb", "sw", table), OptionalLong.of(7), 12, "2000-01-01T00:00:00Z",
                "incremental", Optional.empty(), Optional.of("main.raw." + table), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty());
    }

    private static RunResult.ExcludedTable excluded(String table, String reason) {
        return new RunResult.ExcludedTable(List.of("duckdb", "sw", table), reason, "raw__sw", table);
    }

    private static RunResult run(List<RunResult.Materialization> mats, List<RunResult.TableChecks> checks,
            List<RunResult.ExcludedTable> excluded) {
        return new RunResult(RunStatus.SUCCESS, Optional.of("replication"), "id=raw__sw", 5, mats.size(), 0, mats, checks, List.of(),
                List.of(), 0, 0, List.of(), List.of(), excluded, false, Optional.empty(), Optional.empty(), 0);
    }

    private MaterializationReport materialize(boolean satisfyEmpty, Definitions defs) {
        Materializer m = new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", satisfyEmpty, false,
                RunOptions.builder().fused(true).build()), Clock.fixed(NOW, ZoneOffset.UTC), verdicts);
        return m.materialize(defs, Materializer.Selection.of(new LinkedHashSet<>(defs.assets().stream().map(AssetSpec::key).toList())));
    }

    private static Map<String, RunEvent.MaterializeResult> emptyOutputs(MaterializationReport report) {
        Map<String, RunEvent.MaterializeResult> out = new HashMap<>();
        report.eventsOf(RunEvent.MaterializeResult.class).stream().filter(m -> m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION))
                .forEach(m -> out.put(m.asset().leaf(), m));
        return out;
    }

    private static RunEvent.AssetCheckResult checkOf(MaterializationReport report, String table) {
        return report.eventsOf(RunEvent.AssetCheckResult.class).stream().filter(c -> c.asset().leaf().equals(table)).findFirst()
                .orElseThrow();
    }

    @Test
    void prunedTableGetsADistinctEmptyStampFromAGenuinelyAbsentOne() {
        cli.run = o -> run(List.of(mat("a_raw")), List.of(), List.of(excluded("b_raw", "unchanged_since_last_copy")));

        Map<String, RunEvent.MaterializeResult> empty = emptyOutputs(materialize(true, graph()));

        assertThat(empty).containsOnlyKeys("b_raw", "c_raw");
        assertThat(empty.get("b_raw").metadata()).containsEntry(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(true))
                .hasEntrySatisfying(MetadataKeys.ROCKY_REASON, r -> assertThat(r.toString()).contains("unchanged since last copy"));
        assertThat(empty.get("c_raw").metadata()).containsEntry(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(false))
                .hasEntrySatisfying(MetadataKeys.ROCKY_REASON, r -> assertThat(r.toString()).contains("absent or empty"));
    }

    @Test
    void anExclusionForAnotherReasonIsNotPruning() {
        cli.run = o -> run(List.of(mat("a_raw")), List.of(), List.of(excluded("b_raw", "missing_from_source")));

        MaterializationReport report = materialize(true, graph());

        assertThat(emptyOutputs(report).get("b_raw").metadata())
                .containsEntry(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(false));
        assertThat(checkOf(report, "b_raw").metadata()).containsEntry(MetadataKeys.STATUS, MetadataValue.text("table not materialized"));
    }

    @Test
    void prunedTableCarriesItsLastVerdictForwardWhetherItPassedOrFailed() {
        AssetKey b = AssetKey.of("duckdb", "raw", "b_raw");
        AssetKey c = AssetKey.of("duckdb", "raw", "c_raw");
        Instant before = Instant.parse("2026-12-01T08:00:00Z");
        verdicts.byAsset.put(b, Map.of("row_count", new RecordedVerdict(b, "row_count", true, CheckSeverity.ERROR, before)));
        verdicts.byAsset.put(c, Map.of("row_count", new RecordedVerdict(c, "row_count", false, CheckSeverity.WARN, before)));
        cli.run = o -> run(List.of(mat("a_raw")), List.of(), List.of(excluded("b_raw", "unchanged_since_last_copy"),
                excluded("c_raw", "unchanged_since_last_copy")));

        MaterializationReport report = materialize(true, graph());

        assertThat(checkOf(report, "b_raw")).satisfies(r -> {
            assertThat(r.passed()).as("the prior passing verdict stands, not a WARN placeholder").isTrue();
            assertThat(r.severity()).isEqualTo(CheckSeverity.ERROR);
            assertThat(r.metadata()).containsEntry(MetadataKeys.ROCKY_PRUNED_UNCHANGED, new MetadataValue.BoolValue(true))
                    .containsEntry(MetadataKeys.ROCKY_PLACEHOLDER, new MetadataValue.BoolValue(true))
                    .containsEntry(MetadataKeys.STATUS, MetadataValue.text("unchanged since last copy; the verdict of " + before
                            + " is carried forward"));
        });
        assertThat(checkOf(report, "c_raw")).satisfies(r -> {
            assertThat(r.passed()).as("a failing verdict is carried forward as a failure, never turned green").isFalse();
            assertThat(r.severity()).isEqualTo(CheckSeverity.WARN);
        });
        assertThat(verdicts.recorded).as("carried-forward and placeholder results are not recorded as new verdicts").isEmpty();
    }

    @Test
    void prunedTableWithNoRecordedVerdictIsNotShownAsPassed() {
        cli.run = o -> run(List.of(), List.of(), List.of(excluded("b_raw", "unchanged_since_last_copy")));

        RunEvent.AssetCheckResult r = checkOf(materialize(true, graph()), "b_raw");

        assertThat(r.passed()).isFalse();
        assertThat(r.severity()).isEqualTo(CheckSeverity.WARN);
        assertThat(r.metadata()).containsEntry(MetadataKeys.STATUS,
                MetadataValue.text("unchanged since last copy; no earlier verdict is recorded"));
    }

    @Test
    void theVerdictsRockyProducedAreRecordedAndCarriedForwardByTheNextRunThatPrunesTheTable() {
        cli.run = o -> run(List.of(mat("b_raw")), List.of(new RunResult.TableChecks(List.of("duckdb", "sw", "b_raw"),
                List.of(new RunResult.CheckOutcome("row_count", false, CheckSeverity.ERROR, Map.of())))), List.of());
        materialize(true, graph());
        assertThat(verdicts.recorded).singleElement().satisfies(v -> {
            assertThat(v.asset().leaf()).isEqualTo("b_raw");
            assertThat(v.passed()).isFalse();
            assertThat(v.recordedAt()).isEqualTo(NOW);
        });

        cli.run = o -> run(List.of(), List.of(), List.of(excluded("b_raw", "unchanged_since_last_copy")));
        RunEvent.AssetCheckResult carried = checkOf(materialize(true, graph()), "b_raw");

        assertThat(carried.passed()).as("yesterday's failure is still a failure while the table is unchanged").isFalse();
        assertThat(carried.severity()).isEqualTo(CheckSeverity.ERROR);
    }

    @Test
    void pruningWithoutSatisfyEmptyOutputsIsWarnedAbout() {
        cli.run = o -> run(List.of(mat("a_raw")), List.of(), List.of(excluded("b_raw", "unchanged_since_last_copy")));

        MaterializationReport report = materialize(false, graph());

        assertThat(emptyOutputs(report)).isEmpty();
        assertThat(logged).anyMatch(l -> l.startsWith("WARN prune_unchanged skipped 1 table(s)") && l.contains("duckdb/raw/b_raw")
                && l.contains("satisfy_empty_outputs is off"));
    }

    @Test
    void anUnreadableOrUnwritableVerdictStoreIsAWarningNeverAFailure() {
        verdicts.broken = true;
        cli.run = o -> run(List.of(mat("a_raw")), List.of(new RunResult.TableChecks(List.of("duckdb", "sw", "a_raw"),
                List.of(new RunResult.CheckOutcome("row_count", true, CheckSeverity.ERROR, Map.of())))),
                List.of(excluded("b_raw", "unchanged_since_last_copy")));

        MaterializationReport report = materialize(true, graph());

        assertThat(report.failures()).isEmpty();
        assertThat(checkOf(report, "b_raw").passed()).isFalse();
        assertThat(logged).anyMatch(l -> l.contains("could not be read") && l.contains("memory"))
                .anyMatch(l -> l.contains("could not be recorded at memory"));
    }
}
