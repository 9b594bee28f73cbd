package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.service.RockyResource;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events a materialization reports for stdout the real binary printed: each recorded run is
 * replayed by a cassette fake under the real {@code ProcessRockyCli}, and the {@code Materializer}
 * turns it into events for a graph shaped like the recording's project.
 */
class RecordedRunEventsTest {

    @TempDir
    Path work;

    private static AssetSpec table(String source, String... checks) {
        AssetKey key = AssetKey.of("duckdb", source, source);
        List<AssetCheckSpec> specs = new ArrayList<>();
        for (String c : checks) {
            specs.add(new AssetCheckSpec(c, key, c));
        }
        return new AssetSpec(key, source, List.of(), List.of("rocky", "duckdb"), Map.of(), Map.of(), specs, Optional.empty(),
                Optional.empty());
    }

    private MaterializationReport replay(String fixture, List<String> args, Definitions defs, Materializer.Selection selection) {
        Cassette cassette = Cassette.builder().answerJson(args, RockyContract.read(fixture), "recorded: rocky-contract " + fixture).build();
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", work), new FakeRocky(cassette), LogSink.NONE);
        return new Materializer(new RockyResource(cli, LogSink.NONE), LogSink.NONE,
                new Materializer.Options("models", false, false, RunOptions.builder().fused(true).build())).materialize(defs, selection);
    }

    private static Definitions sourceGraph(AssetSpec spec, String source) {
        return new Definitions(List.of(spec), Optional.empty(), Map.of(spec.key(), new RunTarget.SourceTable("raw__" + source,
                Map.of("source", source), List.of("duckdb", source, source), Optional.empty())));
    }

    @Test
    void theRecordedRunMaterializesItsTableAndAccountsForEveryDeclaredCheck() {
        AssetSpec orders = table("orders", "row_count", "column_match", "freshness", "row_count_anomaly");
        MaterializationReport report = replay("fixtures/run.json", List.of("run", "--filter", "source=orders"), sourceGraph(orders, "orders"),
                Materializer.Selection.of(Set.of(orders.key())));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).singleElement().satisfies(m -> assertThat(m.metadata())
                .containsEntry("dagster-rocky/strategy", MetadataValue.text("full_refresh"))
                .containsEntry("dagster-rocky/target_table_full_name", MetadataValue.text("playground.staging__orders.orders"))
                .containsEntry("dagster-rocky/watermark", MetadataValue.text("2000-01-01T00:00:00Z"))
                .doesNotContainKey("dagster/row_count"));
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).hasSize(4).allSatisfy(c -> assertThat(c.passed()).isTrue());
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
    }

    @Test
    void theRecordedDriftBecomesAnObservation() {
        AssetSpec orders = table("orders");
        MaterializationReport report = replay("fixtures/drift/run_after_drift.json", List.of("run", "--filter", "source=orders"),
                sourceGraph(orders, "orders"), Materializer.Selection.of(Set.of(orders.key())));
        assertThat(report.eventsOf(RunEvent.AssetObservation.class)).singleElement().satisfies(o -> assertThat(o.metadata())
                .containsEntry("rocky/drift_action", MetadataValue.text("drop_and_recreate"))
                .containsEntry("rocky/drift_reason", MetadataValue.text("column 'amount' changed VARCHAR → DECIMAL(10,2)")));
    }

    @Test
    void theRecordedAnomalyFailsTheAnomalyCheckWithAWarningAndTheRowCountCheckPasses() {
        AssetSpec events = table("events", "row_count", "row_count_anomaly");
        MaterializationReport report = replay("fixtures/anomaly/run_incident.json", List.of("run", "--filter", "source=events"),
                sourceGraph(events, "events"), Materializer.Selection.of(Set.of(events.key())));
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).extracting(c -> c.checkName() + " " + c.passed() + " " + c.severity())
                .containsExactly("row_count true ERROR", "row_count_anomaly false WARN");
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class).get(0).metadata())
                .containsEntry("source_count", MetadataValue.integer(5)).containsEntry("target_count", MetadataValue.integer(5));
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class).get(1).metadata())
                .containsEntry("rocky/reason", MetadataValue.text("row count dropped 98.7% (expected ~376, got 5)"));
    }

    @Test
    void theRecordedIncrementalRunReportsItsStrategy() {
        AssetSpec events = table("events");
        MaterializationReport report = replay("fixtures/incremental/run2_delta.json", List.of("run", "--filter", "source=events"),
                sourceGraph(events, "events"), Materializer.Selection.of(Set.of(events.key())));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).singleElement().satisfies(m -> assertThat(m.metadata())
                .containsEntry("dagster-rocky/strategy", MetadataValue.text("incremental")));
    }

    @Test
    void theRecordedBackfillGivesOneMaterializationPerPartitionInTheOrchestratorsForm() {
        AssetSpec fct = new AssetSpec(AssetKey.of("marts", "fct_daily_orders"), "marts", List.of(), List.of(), Map.of(), Map.of(),
                List.of(), Optional.empty(), Optional.of(new PartitionsDefinition.TimeWindow(TimeGrain.DAY, LocalDate.of(2026, 4, 1))));
        Definitions defs = new Definitions(List.of(fct), Optional.empty(), Map.of(fct.key(),
                new RunTarget.Model("fct_daily_orders", List.of("poc", "marts", "fct_daily_orders"), Optional.empty())));
        MaterializationReport report = replay("fixtures/partition/run_backfill.json",
                List.of("run", "--models", "models", "--model", "fct_daily_orders", "--from", "2026-04-04", "--to", "2026-04-08"), defs,
                new Materializer.Selection(Set.of(fct.key()), Optional.empty(), Optional.of("2026-04-04"), Optional.of("2026-04-08")));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(m -> m.partition().orElseThrow())
                .containsExactly("2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07", "2026-04-08");
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).isEmpty();
    }
}
