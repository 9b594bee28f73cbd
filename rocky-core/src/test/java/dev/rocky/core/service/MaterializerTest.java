package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyRunException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.PartitionsDefinition;
import dev.rocky.core.spec.RunTarget;
import dev.rocky.core.spec.TimeGrain;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Dispatch, events and failures of a materialization, over a fake engine. */
class MaterializerTest {

    private static final List<String> CHECKS = List.of("row_count", "row_count_anomaly");

    private final CoreFakes.Cli cli = new CoreFakes.Cli();
    private final List<String> logged = new ArrayList<>();
    private final LogSink log = (level, message) -> logged.add(level + " " + message);

    // ------------------------------------------------------------------ graph builders

    private static AssetSpec table(String group, String table, String... checks) {
        AssetKey key = AssetKey.of("duckdb", group, table);
        List<AssetCheckSpec> specs = new ArrayList<>();
        for (String c : checks) {
            specs.add(new AssetCheckSpec(c, key, c));
        }
        return new AssetSpec(key, group, List.of(), List.of("rocky"), Map.of(), Map.of(), specs, Optional.empty(), Optional.empty());
    }

    private static RunTarget.SourceTable sourceTable(String sourceId, String tenant, String table) {
        return new RunTarget.SourceTable(sourceId, Map.of("tenant", tenant), List.of("duckdb", tenant, table), Optional.empty());
    }

    private static AssetSpec model(String name, Optional<TimeGrain> grain, AssetKey... deps) {
        return new AssetSpec(AssetKey.of("poc", "marts", name), "models", List.of(deps), List.of("rocky", "model"), Map.of(), Map.of(),
                List.of(), Optional.empty(), grain.map(g -> new PartitionsDefinition.TimeWindow(g, LocalDate.of(2020, 1, 1))));
    }

    /** acme: two sources (tenant=acme); beta: one source (tenant=beta). */
    private static Definitions tenants() {
        List<AssetSpec> assets = List.of(table("acme", "orders", CHECKS.toArray(String[]::new)), table("acme", "lines"),
                table("beta", "orders"));
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        targets.put(assets.get(0).key(), sourceTable("raw__acme__shop", "acme", "orders"));
        targets.put(assets.get(1).key(), sourceTable("raw__acme__erp", "acme", "lines"));
        targets.put(assets.get(2).key(), sourceTable("raw__beta__shop", "beta", "orders"));
        return new Definitions(assets, Optional.empty(), targets);
    }

    private static RunResult.Materialization mat(List<String> engineKey, Optional<String> partition) {
        return new RunResult.Materialization(engineKey, OptionalLong.of(7), 12, "2000-01-01T00:00:00Z", "full_refresh",
                Optional.empty(), Optional.of(String.join(".", engineKey)), Optional.of("abcd"), OptionalLong.of(3), OptionalLong.of(1),
                partition.map(k -> new RunResult.Partition(k, "s", "e")));
    }

    private static RunResult result(List<RunResult.Materialization> mats, List<RunResult.TableChecks> checks, List<RunResult.TableError> errors,
            List<RunResult.DriftAction> drift, List<RunResult.Anomaly> anomalies, List<RunResult.ContainedModel> contained) {
        RunStatus status = errors.isEmpty() ? RunStatus.SUCCESS : mats.isEmpty() ? RunStatus.FAILURE : RunStatus.PARTIAL_FAILURE;
        return new RunResult(status, Optional.of("replication"), "", 5, mats.size(), errors.size(), mats, checks, errors, drift,
                mats.size(), drift.size(), anomalies, contained, false, Optional.empty(), Optional.empty(),
                errors.isEmpty() ? 0 : mats.isEmpty() ? 1 : 2);
    }

    /** One run's answer for governed(): the model it names, or, for the batch of both, both. */
    private static RunResult eachModel(RunOptions o) {
        List<String> models = o.model().map(List::of).orElse(List.of("customers", "orders"));
        return ok(models.stream().map(m -> mat(List.of("poc", "marts", m), Optional.empty())).toList());
    }

    private static RunResult ok(List<RunResult.Materialization> mats) {
        return result(mats, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private Materializer materializer(boolean satisfyEmpty, boolean streaming) {
        return new Materializer(new RockyResource(cli, log), log,
                new Materializer.Options("models", satisfyEmpty, streaming, RunOptions.builder().fused(!streaming).build()));
    }

    private static Materializer.Selection select(AssetKey... keys) {
        return Materializer.Selection.of(new LinkedHashSet<>(List.of(keys)));
    }

    /** Answers each run with a materialization for every table its filter selects in {@link #tenants()}. */
    private static Function<RunOptions, RunResult> tenantEngine() {
        return o -> {
            String f = o.filter().orElseThrow();
            List<RunResult.Materialization> mats = new ArrayList<>();
            if (f.equals("tenant=acme") || f.equals("id=raw__acme__shop")) {
                mats.add(mat(List.of("duckdb", "acme", "orders"), Optional.empty()));
            }
            if (f.equals("tenant=acme") || f.equals("id=raw__acme__erp")) {
                mats.add(mat(List.of("duckdb", "acme", "lines"), Optional.empty()));
            }
            if (f.equals("id=raw__beta__shop") || f.equals("tenant=beta")) {
                mats.add(mat(List.of("duckdb", "beta", "orders"), Optional.empty()));
            }
            return ok(mats);
        };
    }

    // ------------------------------------------------------------------ dispatch

    @Test
    void aWholeGroupRunsOnceWithTheComponentFilterThatSelectsExactlyItsSources() {
        cli.run = tenantEngine();
        Definitions defs = tenants();
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key()));
        assertThat(cli.calls).containsExactly("run --filter tenant=acme");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(e -> e.asset().toUserString())
                .containsExactly("duckdb/acme/orders", "duckdb/acme/lines");
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
    }

    @Test
    void theGroupsOfEachGraphDecideItsCallsWhenGraphsAreMaterializedInTurn() {
        cli.run = tenantEngine();
        Definitions two = tenants();
        // the same group with one table fewer: acme/orders alone is then the whole group
        Definitions one = new Definitions(List.of(two.assets().get(0), two.assets().get(2)), Optional.empty(),
                Map.of(two.assets().get(0).key(), two.runTargets().get(two.assets().get(0).key()),
                        two.assets().get(2).key(), two.runTargets().get(two.assets().get(2).key())));
        AssetKey acmeOrders = two.assets().get(0).key();
        for (int round = 0; round < 2; round++) {
            cli.calls.clear();
            materializer(false, false).materialize(two, select(acmeOrders));
            assertThat(cli.calls).as("round %d, acme has two sources", round).containsExactly("run --filter id=raw__acme__shop");
            cli.calls.clear();
            materializer(false, false).materialize(one, select(acmeOrders));
            assertThat(cli.calls).as("round %d, acme has one source", round).containsExactly("run --filter tenant=acme");
        }
    }

    @Test
    void partOfAGroupRunsOncePerSourceById() {
        cli.run = tenantEngine();
        Definitions defs = tenants();
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(1).key()));
        assertThat(cli.calls).containsExactly("run --filter id=raw__acme__erp");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).singleElement()
                .satisfies(e -> assertThat(e.asset().toUserString()).isEqualTo("duckdb/acme/lines"));
    }

    @Test
    void aGroupWhoseComponentValueAlsoSelectsOtherSourcesRunsById() {
        cli.run = tenantEngine();
        Definitions base = tenants();
        // the translator put beta's table into group acme's neighbour "mixed" together with an acme source
        List<AssetSpec> assets = List.of(table("mixed", "orders"), base.assets().get(1), base.assets().get(2));
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        targets.put(assets.get(0).key(), sourceTable("raw__acme__shop", "acme", "orders"));
        targets.put(assets.get(1).key(), sourceTable("raw__acme__erp", "acme", "lines"));
        targets.put(assets.get(2).key(), sourceTable("raw__beta__shop", "beta", "orders"));
        Definitions defs = new Definitions(assets, Optional.empty(), targets);
        materializer(false, false).materialize(defs, select(assets.get(0).key()));
        assertThat(cli.calls).containsExactly("run --filter id=raw__acme__shop");
    }

    @Test
    void modelsRunUpstreamFirstWithTheirPartitionInRockysForm() {
        AssetSpec stg = model("stg", Optional.of(TimeGrain.HOUR));
        AssetSpec fct = model("fct", Optional.of(TimeGrain.HOUR), stg.key());
        Map<AssetKey, RunTarget> targets = Map.of(stg.key(), new RunTarget.Model("stg", List.of("poc", "marts", "stg"), Optional.empty()),
                fct.key(), new RunTarget.Model("fct", List.of("poc", "marts", "fct"), Optional.of("transform")));
        Definitions defs = new Definitions(List.of(fct, stg), Optional.empty(), targets);
        cli.run = o -> ok(List.of(mat(List.of("", "marts", o.model().orElseThrow()), o.partition())));
        MaterializationReport report = materializer(false, false).materialize(defs, new Materializer.Selection(
                Set.of(fct.key(), stg.key()), Optional.of("2026-04-08-13:00"), Optional.empty(), Optional.empty()));
        assertThat(cli.calls).containsExactly("run --models models --model stg --partition 2026-04-08T13",
                "run --pipeline transform --model fct --partition 2026-04-08T13");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(RunEvent.MaterializeResult::partition)
                .containsOnly(Optional.of("2026-04-08-13:00"));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class).get(0).metadata())
                .containsEntry("rocky/partition_key", MetadataValue.text("2026-04-08T13"))
                .containsEntry("dagster/row_count", MetadataValue.integer(7))
                .containsEntry("dagster-rocky/sql_hash", MetadataValue.text("abcd"));
    }

    @Test
    void aChainOfFiftyThousandModelsRunsUpstreamFirstWithoutOverflowingTheStack() {
        int n = 50_000;
        List<AssetSpec> chain = new ArrayList<>();
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            AssetSpec m = i == 0 ? model("m0", Optional.empty()) : model("m" + i, Optional.empty(), chain.get(i - 1).key());
            chain.add(m);
            targets.put(m.key(), new RunTarget.Model(m.key().leaf(), List.of("poc", "marts", m.key().leaf()), Optional.empty()));
        }
        List<AssetSpec> downstreamFirst = new ArrayList<>(chain);
        java.util.Collections.reverse(downstreamFirst);
        Definitions defs = new Definitions(downstreamFirst, Optional.empty(), targets);
        cli.run = o -> ok(List.of(mat(List.of("", "marts", o.model().orElseThrow()), Optional.empty())));
        Set<AssetKey> selected = new LinkedHashSet<>();
        for (int i = n - 1; i >= 1; i--) { // all but m0 (all would be one batch), downstream first
            selected.add(chain.get(i).key());
        }

        MaterializationReport report = materializer(false, true).materialize(defs, Materializer.Selection.of(selected));

        assertThat(cli.calls).hasSize(n - 1);
        for (int i = 1; i < n; i++) {
            assertThat(cli.calls.get(i - 1)).isEqualTo("run --models models --model m" + i);
        }
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).hasSize(n - 1);
    }

    @Test
    void aMonthRangeIsPassedAsFromAndToInRockysForm() {
        AssetSpec m = model("monthly", Optional.of(TimeGrain.MONTH));
        Definitions defs = new Definitions(List.of(m), Optional.empty(),
                Map.of(m.key(), new RunTarget.Model("monthly", List.of("poc", "marts", "monthly"), Optional.empty())));
        cli.run = o -> ok(List.of());
        materializer(false, false).materialize(defs, new Materializer.Selection(Set.of(m.key()), Optional.empty(),
                Optional.of("2026-01-01"), Optional.of("2026-03-01")));
        assertThat(cli.calls).containsExactly("run --models models --model monthly --from 2026-01 --to 2026-03");
    }

    private Materializer materializerAt(String now) {
        return new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", false, false,
                RunOptions.builder().fused(true).build()), java.time.Clock.fixed(java.time.Instant.parse(now), java.time.ZoneOffset.UTC));
    }

    @Test
    void aPartitionOutsideTheAssetsWindowsIsRefusedBeforeAnythingRuns() {
        AssetSpec daily = new AssetSpec(AssetKey.of("poc", "marts", "daily"), "models", List.of(), List.of("rocky"), Map.of(), Map.of(),
                List.of(), Optional.empty(), Optional.of(new PartitionsDefinition.TimeWindow(TimeGrain.DAY, LocalDate.of(2026, 4, 4))));
        Definitions defs = new Definitions(List.of(daily), Optional.empty(),
                Map.of(daily.key(), new RunTarget.Model("daily", List.of("poc", "marts", "daily"), Optional.empty())));
        cli.run = o -> ok(List.of());
        Materializer m = materializerAt("2026-12-02T05:00:00Z");
        java.util.function.Function<Materializer.Selection, String> refused = sel -> {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> m.materialize(defs, sel));
            assertThat(t).isInstanceOf(RockyException.class);
            assertThat(((RockyException) t).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            return t.getMessage();
        };
        assertThat(refused.apply(new Materializer.Selection(Set.of(daily.key()), Optional.of("2020-01-01"), Optional.empty(),
                Optional.empty()))).contains("asset poc/marts/daily is partitioned by day from 2026-04-04", "partition 2020-01-01 is "
                + "before the first partition", "the partitions are 2026-04-04 to 2026-12-01");
        assertThat(refused.apply(new Materializer.Selection(Set.of(daily.key()), Optional.of("2026-12-02"), Optional.empty(),
                Optional.empty()))).contains("partition 2026-12-02 has not ended yet (it ends at 2026-12-03T00:00Z)");
        assertThat(refused.apply(new Materializer.Selection(Set.of(daily.key()), Optional.empty(), Optional.of("2026-04-10"),
                Optional.of("2026-04-05")))).contains("the range 2026-04-10 to 2026-04-05 ends before it starts");
        assertThat(refused.apply(new Materializer.Selection(Set.of(daily.key()), Optional.empty(), Optional.of("2026-04-01"),
                Optional.of("2026-04-05")))).contains("partition 2026-04-01 is before the first partition");
        assertThat(cli.calls).isEmpty();

        m.materialize(defs, new Materializer.Selection(Set.of(daily.key()), Optional.of("2026-04-04"), Optional.empty(), Optional.empty()));
        m.materialize(defs, new Materializer.Selection(Set.of(daily.key()), Optional.of("2026-12-01"), Optional.empty(), Optional.empty()));
        assertThat(cli.calls).containsExactly("run --models models --model daily --partition 2026-04-04",
                "run --models models --model daily --partition 2026-12-01");
    }

    @Test
    void theFirstMonthlyPartitionIsTheFirstWholeMonthAfterTheStart() {
        PartitionsDefinition.TimeWindow monthly = new PartitionsDefinition.TimeWindow(TimeGrain.MONTH, LocalDate.of(2026, 4, 4));
        java.time.Instant now = java.time.Instant.parse("2026-12-02T05:00:00Z");
        assertThat(monthly.firstWindow()).isEqualTo(java.time.LocalDateTime.of(2026, 5, 1, 0, 0));
        assertThat(monthly.lastWindow(now)).contains(java.time.LocalDateTime.of(2026, 11, 1, 0, 0));
        assertThatThrownBy(() -> monthly.check("2026-04-01", now)).hasMessageContaining("the partitions are 2026-05-01 to 2026-11-01");
        assertThat(monthly.check("2026-05-01", now)).isEqualTo(java.time.LocalDateTime.of(2026, 5, 1, 0, 0));
        PartitionsDefinition.TimeWindow hourly = new PartitionsDefinition.TimeWindow(TimeGrain.HOUR, LocalDate.of(2026, 12, 2));
        assertThat(hourly.check("2026-12-02-04:00", now)).isEqualTo(java.time.LocalDateTime.of(2026, 12, 2, 4, 0));
        assertThatThrownBy(() -> hourly.check("2026-12-02-05:00", now)).hasMessageContaining("has not ended yet");
        PartitionsDefinition.TimeWindow yearly = new PartitionsDefinition.TimeWindow(TimeGrain.YEAR, LocalDate.of(2026, 1, 1));
        assertThat(yearly.lastWindow(now)).isEmpty();
        assertThatThrownBy(() -> yearly.check("2026", now)).hasMessageContaining("none has ended yet");
    }

    @Test
    void aSourceIdOrPipelineRockyReportedThatCannotBeAnArgumentFailsOnlyItsAssets() {
        AssetSpec odd = table("odd", "orders");
        AssetSpec dash = table("dash", "orders");
        AssetSpec fine = table("acme", "orders");
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        targets.put(odd.key(), new RunTarget.ReplicationPipeline("ingest", List.of("raw=orders")));
        targets.put(dash.key(), new RunTarget.ReplicationPipeline("--all", List.of()));
        targets.put(fine.key(), sourceTable("raw__acme__shop", "acme", "orders"));
        Definitions defs = new Definitions(List.of(odd, dash, fine), Optional.empty(), targets);
        cli.run = o -> ok(List.of(mat(List.of("duckdb", "acme", "orders"), Optional.empty())));
        MaterializationReport report = materializer(false, false).materialize(defs, select(odd.key(), dash.key(), fine.key()));
        assertThat(cli.calls).containsExactly("run --filter tenant=acme");
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().toUserString())
                .containsExactly("duckdb/odd/orders", "duckdb/dash/orders");
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.message()).contains("cannot pass rocky's own value back"));
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.PARTIAL_FAILURE);
    }

    @Test
    void eventsReachTheListenerAsEachCallReturnsNotAtTheEnd() {
        cli.run = tenantEngine();
        Definitions defs = tenants();
        List<String> heard = new ArrayList<>();
        List<Integer> heardWhenCalled = new ArrayList<>();
        java.util.function.Function<RunOptions, RunResult> engine = cli.run;
        cli.run = o -> {
            heardWhenCalled.add(heard.size());
            return engine.apply(o);
        };
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(1).key(),
                defs.assets().get(2).key()), new dev.rocky.core.run.RunEventListener() {
                    @Override
                    public void event(RunEvent e) {
                        heard.add(e.type() + " " + e.asset().toUserString());
                    }

                    @Override
                    public void failure(dev.rocky.core.run.AssetFailure f) {
                        heard.add("failure " + f.engineKey());
                    }
                });
        assertThat(cli.calls).containsExactly("run --filter id=raw__acme__erp", "run --filter tenant=beta");
        assertThat(heardWhenCalled).as("the first call's event was heard before the second call started").containsExactly(0, 1);
        assertThat(heard).containsExactly("materialization duckdb/acme/lines", "materialization duckdb/beta/orders");
        assertThat(report.events()).hasSize(2);
    }

    @Test
    void aKeyThatIsNotAPartitionOfTheGrainIsRefusedBeforeAnythingRuns() {
        AssetSpec m = model("hourly", Optional.of(TimeGrain.HOUR));
        Definitions defs = new Definitions(List.of(m), Optional.empty(),
                Map.of(m.key(), new RunTarget.Model("hourly", List.of("poc", "marts", "hourly"), Optional.empty())));
        assertThatThrownBy(() -> materializer(false, false).materialize(defs, new Materializer.Selection(Set.of(m.key()),
                Optional.of("2026-04-08"), Optional.empty(), Optional.empty())))
                .isInstanceOf(RockyException.class).hasMessageContaining("poc/marts/hourly").hasMessageContaining("hour")
                .extracting(e -> ((RockyException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void aSelectionOutsideTheGraphOrAPartitionForUnpartitionedAssetsIsRefused() {
        Definitions defs = tenants();
        assertThatThrownBy(() -> materializer(false, false).materialize(defs, select(AssetKey.of("nope"))))
                .hasMessageContaining("asset nope is not in the graph");
        assertThatThrownBy(() -> materializer(false, false).materialize(defs, new Materializer.Selection(
                Set.of(defs.assets().get(0).key()), Optional.of("2026-04-08"), Optional.empty(), Optional.empty())))
                .hasMessageContaining("none of the selected assets is partitioned");
        assertThat(cli.calls).isEmpty();
    }

    @Test
    void dagSourceAndLoadNodesRunTheirPipelinePerSourceAndPlaceholdersCallNothing() {
        AssetSpec source = new AssetSpec(AssetKey.of("ingest", "source"), "ingest", List.of(), List.of(), Map.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty());
        AssetSpec load = new AssetSpec(AssetKey.of("ingest", "load"), "ingest", List.of(source.key()), List.of(), Map.of(), Map.of(),
                List.of(), Optional.empty(), Optional.empty());
        AssetSpec seed = new AssetSpec(AssetKey.of("seed", "countries"), "seeds", List.of(), List.of(), Map.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty());
        RunTarget pipeline = new RunTarget.ReplicationPipeline("ingest", List.of("raw__a", "raw__b"));
        Definitions defs = new Definitions(List.of(load, source, seed), Optional.empty(),
                Map.of(source.key(), pipeline, load.key(), pipeline, seed.key(), new RunTarget.Placeholder("seed")));
        cli.run = o -> o.filter().orElseThrow().equals("id=raw__b")
                ? result(List.of(), List.of(), List.of(new RunResult.TableError(List.of("duckdb", "b", "t"), "boom", FailureKind.AUTH_FAILED,
                        OptionalLong.empty())), List.of(), List.of(), List.of())
                : ok(List.of(mat(List.of("duckdb", "a", "t"), Optional.empty())));
        MaterializationReport report = materializer(false, false).materialize(defs, select(load.key(), source.key(), seed.key()));
        assertThat(cli.calls).containsExactly("run --filter id=raw__a --pipeline ingest", "run --filter id=raw__b --pipeline ingest");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(e -> e.asset().toUserString())
                .containsExactly("seed/countries", "ingest/source", "ingest/load");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class).get(0).metadata())
                .containsEntry("rocky/placeholder", new MetadataValue.BoolValue(true));
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().toUserString() + " " + f.failureKind())
                .containsExactly("ingest/source AUTH_FAILED", "ingest/load AUTH_FAILED");
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.PARTIAL_FAILURE);
    }

    // ------------------------------------------------------------------ events

    @Test
    void checksAnomaliesDriftAndPlaceholdersAreReportedForDeclaredChecksOnly() {
        Definitions defs = tenants();
        cli.run = o -> result(List.of(mat(List.of("duckdb", "acme", "orders"), Optional.empty()),
                        mat(List.of("duckdb", "acme", "orders"), Optional.empty())),
                List.of(new RunResult.TableChecks(List.of("duckdb", "acme", "orders"), List.of(
                        new RunResult.CheckOutcome("row_count", false, CheckSeverity.WARN, Map.of("source_count", MetadataValue.integer(3))),
                        new RunResult.CheckOutcome("not_declared", true, CheckSeverity.ERROR, Map.of())))),
                List.of(), List.of(new RunResult.DriftAction("duckdb.acme.orders", "drop_and_recreate", "type changed")),
                List.of(new RunResult.Anomaly("duckdb.acme.orders", 5, 376.25, 98.7, "dropped")), List.of());
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key()));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).hasSize(1);
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).extracting(c -> c.checkName() + " " + c.passed() + " " + c.severity())
                .containsExactly("row_count false WARN", "row_count_anomaly false WARN");
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class).get(1).metadata())
                .containsEntry("rocky/current_count", MetadataValue.integer(5));
        assertThat(report.eventsOf(RunEvent.AssetObservation.class)).singleElement().satisfies(o -> assertThat(o.metadata())
                .containsEntry("rocky/drift_action", MetadataValue.text("drop_and_recreate"))
                .containsEntry("rocky/drift_reason", MetadataValue.text("type changed")));
    }

    @Test
    void aConfiguredCheckResultIsMatchedAndReportedUnderItsSanitisedNameSoAFailureStaysAFailure() {
        AssetSpec orders = table("acme", "orders", "row_count", "null_rate_amount");
        Definitions defs = new Definitions(List.of(orders), Optional.empty(),
                Map.of(orders.key(), sourceTable("raw__acme__shop", "acme", "orders")));
        cli.run = o -> result(List.of(mat(List.of("duckdb", "acme", "orders"), Optional.empty())),
                List.of(new RunResult.TableChecks(List.of("duckdb", "acme", "orders"), List.of(
                        new RunResult.CheckOutcome("null_rate:amount", false, CheckSeverity.WARN, Map.of())))),
                List.of(), List.of(), List.of(), List.of());

        MaterializationReport report = materializer(false, false).materialize(defs, select(orders.key()));

        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).filteredOn(c -> c.checkName().equals("null_rate_amount"))
                .singleElement().satisfies(c -> {
                    assertThat(c.passed()).as("the engine's failing result, not a passing placeholder").isFalse();
                    assertThat(c.severity()).isEqualTo(CheckSeverity.WARN);
                    assertThat(c.metadata()).doesNotContainKey("rocky/placeholder");
                });
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).filteredOn(c -> c.checkName().equals("row_count"))
                .as("the reference's placeholder for a materialized table's missing result").singleElement().satisfies(c -> {
                    assertThat(c.passed()).isTrue();
                    assertThat(c.severity()).isEqualTo(CheckSeverity.ERROR);
                    assertThat(c.metadata()).containsEntry("status", MetadataValue.text("not produced by rocky (check type: row_count)"))
                            .containsEntry("rocky/placeholder", new MetadataValue.BoolValue(true));
                });
    }

    @Test
    void contractVerdictsKnownAtLoadAreReportedForSelectedAssetsInsteadOfPlaceholders() {
        AssetSpec orders = table("acme", "orders", "row_count", "contract_required_columns");
        AssetSpec lines = table("acme", "lines", "contract_required_columns");
        Map<AssetKey, List<dev.rocky.core.spec.CheckVerdict>> verdicts = Map.of(
                orders.key(), List.of(new dev.rocky.core.spec.CheckVerdict("contract_required_columns", false, false,
                        Map.of("rocky/violation_count", MetadataValue.integer(1)))),
                lines.key(), List.of(new dev.rocky.core.spec.CheckVerdict("contract_required_columns", true, false, Map.of())));
        Definitions defs = new Definitions(List.of(orders, lines), Optional.empty(),
                Map.of(orders.key(), sourceTable("raw__acme__shop", "acme", "orders"),
                        lines.key(), sourceTable("raw__acme__erp", "acme", "lines")), List.of(), verdicts);
        cli.run = tenantEngine();

        MaterializationReport report = materializer(false, false).materialize(defs, select(orders.key()));

        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).extracting(c -> c.asset().leaf() + " " + c.checkName() + " "
                + c.passed() + " " + c.severity() + " " + c.metadata().containsKey("rocky/placeholder"))
                .contains("orders contract_required_columns false ERROR false")
                .noneMatch(l -> l.startsWith("lines "));
    }

    @Test
    void driftResolvesByTrailingTupleThenUniqueLastSegmentAndAnAmbiguousTableIsDroppedWithAWarning() {
        AssetSpec shop = new AssetSpec(AssetKey.of("shop_orders"), "acme", List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty());
        AssetSpec erp = new AssetSpec(AssetKey.of("erp_orders"), "acme", List.of(), List.of("rocky"), Map.of(), Map.of(), List.of(),
                Optional.empty(), Optional.empty());
        Definitions defs = new Definitions(List.of(shop, erp), Optional.empty(), Map.of(
                shop.key(), new RunTarget.SourceTable("raw__acme__shop", Map.of("tenant", "acme"), List.of("duckdb", "acme", "shop", "orders"),
                        Optional.empty()),
                erp.key(), new RunTarget.SourceTable("raw__acme__erp", Map.of("tenant", "acme"), List.of("duckdb", "acme", "erp", "orders"),
                        Optional.empty())));
        cli.run = o -> result(List.of(), List.of(), List.of(), List.of(
                new RunResult.DriftAction("duckdb.acme.erp.orders", "alter", "column added"),
                new RunResult.DriftAction("orders", "alter", "ambiguous")), List.of(), List.of());

        MaterializationReport report = materializer(false, false).materialize(defs, select(shop.key(), erp.key()));

        assertThat(report.eventsOf(RunEvent.AssetObservation.class)).singleElement().satisfies(o -> {
            assertThat(o.asset()).isEqualTo(erp.key());
            assertThat(o.metadata()).containsEntry("rocky/drift_table", MetadataValue.text("duckdb.acme.erp.orders"))
                    .containsEntry("rocky/drift_tables_checked", MetadataValue.integer(0))
                    .containsEntry("rocky/drift_tables_drifted", MetadataValue.integer(2));
        });
        assertThat(logged).anyMatch(l -> l.contains("table orders, which matches 2 selected assets"));
    }

    @Test
    void anAnomalyOnAWarehouseQualifiedNameResolvesByItsUniqueLastSegmentWithoutDisplayMetadata() {
        Definitions defs = tenants();
        cli.run = o -> result(List.of(), List.of(), List.of(), List.of(),
                List.of(new RunResult.Anomaly("warehouse.raw.orders", 5, 376.25, 98.7, "dropped")), List.of());
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key()));
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).filteredOn(c -> c.checkName().equals("row_count_anomaly"))
                .singleElement().satisfies(c -> {
                    assertThat(c.asset()).isEqualTo(defs.assets().get(0).key());
                    assertThat(c.metadata()).doesNotContainKey("rocky/placeholder");
                });
    }

    @Test
    void satisfyEmptyOutputsStampsOnlyAbsentAssetsAndTheirChecksStillSayNotMaterialized() {
        Definitions defs = tenants();
        // acme: orders copied, lines errored; beta/orders absent (neither copied nor errored).
        cli.run = o -> o.filter().orElseThrow().equals("tenant=acme")
                ? result(List.of(mat(List.of("duckdb", "acme", "orders"), Optional.empty())), List.of(), List.of(
                        new RunResult.TableError(List.of("duckdb", "acme", "lines"), "boom", FailureKind.QUERY_REJECTED, OptionalLong.empty())),
                        List.of(), List.of(), List.of())
                : ok(List.of());
        AssetSpec beta = table("beta", "orders", "row_count");
        Definitions withCheck = new Definitions(List.of(defs.assets().get(0), defs.assets().get(1), beta), Optional.empty(),
                defs.runTargets());

        MaterializationReport report = materializer(true, false).materialize(withCheck, select(defs.assets().get(0).key(),
                defs.assets().get(1).key(), beta.key()));

        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).filteredOn(m -> m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION))
                .singleElement().satisfies(m -> {
                    assertThat(m.asset()).as("the errored acme/lines gets no fake-green empty output").isEqualTo(beta.key());
                    assertThat(m.metadata()).containsEntry("dagster/row_count", MetadataValue.integer(0))
                            .containsEntry("rocky/pruned_unchanged", new MetadataValue.BoolValue(false))
                            .hasEntrySatisfying("rocky/reason", r -> assertThat(r.toString()).contains("absent or empty"));
                });
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).filteredOn(c -> c.asset().equals(beta.key())).singleElement()
                .satisfies(c -> {
                    assertThat(c.passed()).as("an empty output is not a materialization: nothing to check").isFalse();
                    assertThat(c.metadata()).containsEntry("status", MetadataValue.text("table not materialized"));
                });
    }

    @Test
    void satisfyEmptyOutputsEmitsNothingWhenTheRunsReportMoreFailuresThanTheyItemise() {
        Definitions defs = tenants();
        cli.run = o -> new RunResult(RunStatus.PARTIAL_FAILURE, Optional.of("replication"), "", 5, 1, 2,
                List.of(mat(List.of("duckdb", "acme", "orders"), Optional.empty())), List.of(), List.of(), List.of(), 0, 0, List.of(),
                List.of(), false, Optional.empty(), Optional.empty(), 2);

        MaterializationReport report = materializer(true, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key()));

        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(m -> m.asset().leaf()).containsExactly("orders");
        assertThat(logged).anyMatch(l -> l.contains("more failures (2 tables) than they itemise (0)"));
    }

    @Test
    void aContainedModelsChecksSayWhatWithheldIt() {
        AssetSpec fct = new AssetSpec(AssetKey.of("poc", "marts", "fct"), "models", List.of(), List.of("rocky", "model"), Map.of(),
                Map.of(), List.of(new AssetCheckSpec("row_count", AssetKey.of("poc", "marts", "fct"), "rc")), Optional.empty(),
                Optional.empty());
        Definitions defs = new Definitions(List.of(fct), Optional.empty(),
                Map.of(fct.key(), new RunTarget.Model("fct", List.of("poc", "marts", "fct"), Optional.empty())));
        cli.run = o -> result(List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new RunResult.ContainedModel("fct", List.of("root"), "fix root, then re-run")));

        MaterializationReport report = materializer(true, false).materialize(defs, select(fct.key()));

        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.severity()).isEqualTo(CheckSeverity.WARN);
            assertThat(c.metadata().get("status").toString()).contains("failure containment").contains("root")
                    .contains("fix root, then re-run").doesNotContain("table not materialized");
        });
    }

    @Test
    void declaredChecksNothingReportedGetPlaceholdersPassingOnlyWhenMaterialized() {
        Definitions defs = tenants();
        cli.run = o -> result(List.of(), List.of(), List.of(new RunResult.TableError(List.of("duckdb", "acme", "orders"), "down",
                FailureKind.CONNECTION_FAILED, OptionalLong.empty())), List.of(), List.of(), List.of());
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key()));
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).allSatisfy(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.severity()).isEqualTo(CheckSeverity.WARN);
            assertThat(c.metadata()).containsEntry("status", MetadataValue.text("table not materialized"))
                    .containsEntry("rocky/placeholder", new MetadataValue.BoolValue(true));
        }).hasSize(2);
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.FAILURE);
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(RockyRunException.class)
                .hasMessageContaining("duckdb/acme/orders failed (connection-failed): down")
                .satisfies(e -> assertThat(((RockyRunException) e).retryable()).as("retryable, as the reference's Failure").isTrue())
                .satisfies(e -> assertThat(((RockyRunException) e).retryAfterSeconds()).isEmpty());
    }

    @Test
    void containedModelsAreObservedWithWhatBlocksThem() {
        AssetSpec fct = model("fct", Optional.empty());
        Definitions defs = new Definitions(List.of(fct), Optional.empty(),
                Map.of(fct.key(), new RunTarget.Model("fct", List.of("poc", "marts", "fct"), Optional.empty())));
        cli.run = o -> result(List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new RunResult.ContainedModel("fct", List.of("stg"), "fix stg")));
        MaterializationReport report = materializer(true, false).materialize(defs, select(fct.key()));
        assertThat(report.eventsOf(RunEvent.AssetObservation.class)).singleElement().satisfies(o -> assertThat(o.metadata())
                .containsEntry("rocky/contained", new MetadataValue.BoolValue(true))
                .containsEntry("rocky/blocked_by", MetadataValue.text("stg")));
        assertThat(report.failures()).as("contained is a failure, as the reference raises it").singleElement().satisfies(f -> {
            assertThat(f.failureKind()).isEqualTo(FailureKind.CONTAINED);
            assertThat(f.message()).contains("blocked by stg").contains("fix stg");
        });
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).as("no empty output for a contained model").isEmpty();
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.FAILURE);
    }

    /**
     * The reference's derived-models op runs every derived model in one {@code run --models D --all}
     * (derived_models.py, component.py 2370-2560): the engine orders them and contains a failure's
     * downstreams. A subset, which the reference cannot select, runs one model each.
     */
    @Test
    void derivedModelsRunInOneBatchWhenAllOfAShapeAreSelectedAndAContainedOneFailsTheBatch() {
        AssetSpec stg = model("stg", Optional.empty());
        AssetSpec fct = model("fct", Optional.empty(), stg.key());
        AssetSpec dim = model("dim", Optional.empty(), stg.key());
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        for (AssetSpec m : List.of(stg, fct, dim)) {
            targets.put(m.key(), new RunTarget.Model(m.key().leaf(), List.of("poc", "marts", m.key().leaf()), Optional.empty()));
        }
        Definitions defs = new Definitions(List.of(fct, dim, stg), Optional.empty(), targets);
        cli.run = o -> new RunResult(RunStatus.PARTIAL_FAILURE, Optional.of("transformation"), "", 5, 1, 1,
                List.of(mat(List.of("", "marts", "stg"), Optional.empty())), List.of(),
                List.of(new RunResult.TableError(List.of("poc", "marts", "fct"), "boom", FailureKind.QUERY_REJECTED, OptionalLong.empty())),
                List.of(), 0, 0, List.of(), List.of(new RunResult.ContainedModel("dim", List.of("stg2"), "fix stg2")), false,
                Optional.empty(), Optional.empty(), 2);

        MaterializationReport report = materializer(false, false).materialize(defs, select(fct.key(), dim.key(), stg.key()));

        assertThat(cli.calls).containsExactly("run --models models --all");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(m -> m.asset().leaf()).containsExactly("stg");
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().leaf(), AssetFailure::failureKind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("fct", FailureKind.QUERY_REJECTED),
                        org.assertj.core.groups.Tuple.tuple("dim", FailureKind.CONTAINED));

        cli.calls.clear();
        cli.run = o -> ok(List.of(mat(List.of("", "marts", o.model().orElseThrow()), Optional.empty())));
        materializer(false, false).materialize(defs, select(fct.key(), stg.key()));
        assertThat(cli.calls).as("a subset runs each model alone, upstream first")
                .containsExactly("run --models models --model stg", "run --models models --model fct");
    }

    @Test
    void aModelRunWithFailedTablesButNoItemisedErrorIsAFailureNotASilence() {
        AssetSpec fct = model("fct", Optional.empty());
        Definitions defs = new Definitions(List.of(fct), Optional.empty(),
                Map.of(fct.key(), new RunTarget.Model("fct", List.of("poc", "marts", "fct"), Optional.empty())));
        cli.run = o -> new RunResult(RunStatus.PARTIAL_FAILURE, Optional.of("transformation"), "", 5, 0, 1, List.of(), List.of(),
                List.of(), List.of(), 0, 0, List.of(), List.of(), false, Optional.empty(), Optional.empty(), 2);

        MaterializationReport report = materializer(true, false).materialize(defs, select(fct.key()));

        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .contains("did not materialize: the engine reported status PartialFailure with 1 failed table(s)"));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).as("not an empty output either").isEmpty();
    }

    @Test
    void aOneModelRunsErrorKeyedOtherwiseIsThatModelsFailureAndASuccessWithNothingToMatchMaterializesIt() {
        AssetSpec fct = model("fct", Optional.empty());
        Definitions defs = new Definitions(List.of(fct), Optional.empty(),
                Map.of(fct.key(), new RunTarget.Model("fct", List.of("poc", "marts", "fct"), Optional.empty())));
        cli.run = o -> result(List.of(), List.of(), List.of(new RunResult.TableError(List.of("fct"), "division by zero",
                FailureKind.QUERY_REJECTED, OptionalLong.empty())), List.of(), List.of(), List.of());
        MaterializationReport failed = materializer(false, false).materialize(defs, select(fct.key()));
        assertThat(failed.failures()).singleElement().satisfies(f -> {
            assertThat(f.asset()).contains(fct.key());
            assertThat(f.failureKind()).isEqualTo(FailureKind.QUERY_REJECTED);
        });

        cli.run = o -> ok(List.of());
        MaterializationReport ok = materializer(false, false).materialize(defs, select(fct.key()));
        assertThat(ok.eventsOf(RunEvent.MaterializeResult.class)).singleElement().satisfies(m -> assertThat(m.metadata())
                .containsEntry("dagster/duration_ms", MetadataValue.integer(5)));
        assertThat(ok.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
    }

    @Test
    void withoutSatisfyEmptyOutputsAnAssetTheRunSkippedGetsNoMaterialization() {
        Definitions defs = tenants();
        cli.run = o -> ok(List.of());
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(1).key()));
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).isEmpty();
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
    }

    // ------------------------------------------------------------------ failures

    @Test
    void quotaFailuresAreRetryableAfterTheLargestPopulatedCooldownNotTheDefault() {
        Definitions defs = tenants();
        cli.run = o -> result(List.of(mat(List.of("duckdb", "beta", "orders"), Optional.empty())), List.of(), List.of(
                new RunResult.TableError(List.of("duckdb", "acme", "orders"), "429", FailureKind.QUOTA_EXCEEDED, OptionalLong.of(90)),
                new RunResult.TableError(List.of("duckdb", "acme", "lines"), "429", FailureKind.QUOTA_EXCEEDED, OptionalLong.empty())),
                List.of(), List.of(), List.of());
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key(), defs.assets().get(2).key()));
        assertThat(cli.calls).as("the breach in the first call stops the second").hasSize(1);
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().toUserString())
                .containsExactly("duckdb/acme/orders", "duckdb/acme/lines", "duckdb/beta/orders");
        RockyRunException e = org.junit.jupiter.api.Assertions.assertThrows(RockyRunException.class, report::throwIfFailed);
        assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfterSeconds()).as("90 is populated; the unpopulated one does not count as 300").isEqualTo(OptionalLong.of(90));
        assertThat(e.failures()).anyMatch(l -> l.startsWith("duckdb/acme/orders failed (quota-exceeded)"));
    }

    @Test
    void aQuotaBreachKeepsItsRunsEventsAndTheRemainingCallsAreNotRun() {
        Definitions defs = tenants();
        cli.run = o -> o.filter().orElseThrow().equals("tenant=acme")
                ? result(List.of(mat(List.of("duckdb", "acme", "lines"), Optional.empty())), List.of(), List.of(
                        new RunResult.TableError(List.of("duckdb", "acme", "orders"), "429", FailureKind.QUOTA_EXCEEDED, OptionalLong.empty())),
                        List.of(), List.of(), List.of())
                : tenantEngine().apply(o);
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key(), defs.assets().get(2).key()));

        assertThat(cli.calls).containsExactly("run --filter tenant=acme");
        assertThat(report.eventsOf(RunEvent.MaterializeResult.class)).extracting(m -> m.asset().toUserString())
                .containsExactly("duckdb/acme/lines");
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().toUserString() + " " + f.failureKind().wireName())
                .containsExactly("duckdb/acme/orders quota-exceeded", "duckdb/beta/orders quota-exceeded");
        assertThat(report.failures().get(1).message()).startsWith("not run: a quota tripped during");
        assertThat(logged).anyMatch(l -> l.contains("the remaining 1 call was not run"));
        RockyRunException e = org.junit.jupiter.api.Assertions.assertThrows(RockyRunException.class, report::throwIfFailed);
        assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(e.retryAfterSeconds()).as("no cooldown given: the default").isEqualTo(OptionalLong.of(RunResult.DEFAULT_QUOTA_COOLDOWN_SECONDS));
    }

    @Test
    void aCallThatTimesOutFailsItsAssetsNotRetryablyAndTheRemainingCallsAreNotRun() {
        Definitions defs = tenants();
        cli.run = o -> {
            if (o.filter().orElseThrow().equals("tenant=acme")) {
                throw new RockyTimeoutException("run", Duration.ofSeconds(1), "rocky run did not finish within 1 s");
            }
            return tenantEngine().apply(o);
        };
        MaterializationReport report = materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key(), defs.assets().get(2).key()));
        assertThat(cli.calls).containsExactly("run --filter tenant=acme");
        assertThat(report.failures()).extracting(f -> f.asset().orElseThrow().toUserString() + " " + f.failureKind().wireName())
                .containsExactly("duckdb/acme/orders timeout", "duckdb/acme/lines timeout", "duckdb/beta/orders timeout");
        assertThat(report.failures().get(0).message()).contains("did not finish");
        assertThat(report.failures().get(2).message()).startsWith("not run: ").contains("timed out");
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.FAILURE);
        RockyRunException e = org.junit.jupiter.api.Assertions.assertThrows(RockyRunException.class, report::throwIfFailed);
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).as("a retry would meet the same budget").isFalse();
    }

    @Test
    void aConfigurationErrorStopsTheMaterializationAtOnce() {
        Definitions defs = tenants();
        cli.run = o -> {
            throw new RockyException(ErrorCode.BINARY_NOT_FOUND, "no rocky");
        };
        assertThatThrownBy(() -> materializer(false, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(2).key()))).hasMessage("no rocky");
        assertThat(cli.calls).hasSize(1);
    }

    // ------------------------------------------------------------------ plan-then-apply

    @Test
    void streamingPlansThenAppliesAndPutsThePlanIdOnEveryEvent() {
        Definitions defs = tenants();
        String id = "a".repeat(64);
        cli.plan = o -> new PlanResult(Optional.of(id), "run", o.filter().orElseThrow(), 2, List.of());
        cli.apply = (planId, o) -> result(List.of(mat(List.of("duckdb", "beta", "orders"), Optional.empty())), List.of(), List.of(),
                List.of(new RunResult.DriftAction("duckdb.beta.orders", "alter", "new column")), List.of(), List.of());
        MaterializationReport report = materializer(false, true).materialize(defs, select(defs.assets().get(2).key()));
        assertThat(cli.calls).containsExactly("plan --filter tenant=beta", "apply " + id);
        assertThat(report.events()).isNotEmpty().filteredOn(e -> !e.metadata().containsKey("rocky/placeholder"))
                .allSatisfy(e -> assertThat(e.metadata()).containsEntry(RunEvent.PLAN_ID, MetadataValue.text(id)));
        assertThat(report.runs()).singleElement().satisfies(r -> assertThat(r.planId()).contains(id));
        assertThat(logged).anyMatch(l -> l.contains("rocky plan " + id));
    }

    @Test
    void aPlanWithoutAnIdSaysTheEngineIsTooOld() {
        Definitions defs = tenants();
        cli.plan = o -> new PlanResult(Optional.empty(), "run", "", 0, List.of());
        assertThatThrownBy(() -> materializer(false, true).materialize(defs, select(defs.assets().get(2).key())))
                .isInstanceOf(RockyException.class).hasMessageContaining("too old")
                .extracting(e -> ((RockyException) e).code()).isEqualTo(ErrorCode.PLAN_INVALID);
        assertThat(cli.calls).containsExactly("plan --filter tenant=beta");
    }

    @Test
    void baseFlagsTravelWithEveryRunAndSecretsAreMaskedInWhatIsLogged() {
        Definitions defs = tenants();
        cli.run = tenantEngine();
        Materializer m = new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", false, false,
                RunOptions.builder().idempotencyKey("s3cr3t-key").governanceOverride("{\"grants\": []}").fused(true).build()));
        m.materialize(defs, select(defs.assets().get(2).key()));
        assertThat(cli.runOptions).singleElement().satisfies(o -> {
            assertThat(o.idempotencyKey()).contains("s3cr3t-key");
            assertThat(o.arguments()).contains("--idempotency-key", "s3cr3t-key");
        });
        assertThat(String.join("\n", logged)).doesNotContain("s3cr3t-key").doesNotContain("grants").contains("--idempotency-key ***");
    }

    // ------------------------------------------------------------------ governance

    private Materializer governance(boolean compliance, boolean retention) {
        return new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", false, false,
                RunOptions.builder().fused(true).build(), compliance, retention));
    }

    private static Definitions governed() {
        AssetSpec customers = new AssetSpec(AssetKey.of("poc", "marts", "customers"), "models", List.of(), List.of(), Map.of(), Map.of(),
                List.of(new AssetCheckSpec("compliance_exception", AssetKey.of("poc", "marts", "customers"), "c")), Optional.empty(),
                Optional.empty());
        AssetSpec orders = new AssetSpec(AssetKey.of("poc", "marts", "orders"), "models", List.of(), List.of(), Map.of(), Map.of(),
                List.of(new AssetCheckSpec("compliance_exception", AssetKey.of("poc", "marts", "orders"), "c")), Optional.empty(),
                Optional.empty());
        return new Definitions(List.of(customers, orders), Optional.empty(), Map.of(
                customers.key(), new RunTarget.Model("customers", List.of("poc", "marts", "customers"), Optional.empty()),
                orders.key(), new RunTarget.Model("orders", List.of("poc", "marts", "orders"), Optional.empty())));
    }

    @Test
    void complianceRunsOncePerBatchAndFoldsEachAssetsExceptionsIntoOneResult() {
        Definitions defs = governed();
        cli.run = MaterializerTest::eachModel;
        cli.compliance = () -> new dev.rocky.core.governance.ComplianceResult(List.of(
                new dev.rocky.core.governance.ComplianceResult.Exception("customers", "email", "prod", "no masking"),
                new dev.rocky.core.governance.ComplianceResult.Exception("customers", "phone", "dev", "no masking")), 5, 3, 2);
        MaterializationReport report = governance(true, false).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key()));
        assertThat(cli.calls).filteredOn(c -> c.startsWith("compliance")).containsExactly("compliance --models models");
        List<RunEvent.AssetCheckResult> results = report.eventsOf(RunEvent.AssetCheckResult.class);
        assertThat(results).extracting(r -> r.asset().leaf() + " " + r.passed() + " " + r.severity())
                .containsExactly("customers false WARN", "orders true WARN");
        assertThat(results.get(0).metadata()).containsEntry("rocky/compliance_exception_count", MetadataValue.integer(2))
                .as("the reference's format: model.column (env) each; distinct reasons")
                .containsEntry("rocky/compliance_models", MetadataValue.text("customers.email (prod); customers.phone (dev)"))
                .containsEntry("rocky/compliance_reasons", MetadataValue.text("no masking"))
                .containsEntry("rocky/compliance_total_classified", MetadataValue.integer(5));
        assertThat(results.get(1).metadata()).containsEntry("rocky/compliance_exception_count", MetadataValue.integer(0));
    }

    @Test
    void aFailingComplianceCommandIsAWarningAndNeverFailsTheRun() {
        Definitions defs = governed();
        cli.run = MaterializerTest::eachModel;
        cli.compliance = () -> {
            throw new RockyException(ErrorCode.COMMAND_FAILED, "rocky compliance failed with exit code 1");
        };
        MaterializationReport report = governance(true, false).materialize(defs, select(defs.assets().get(0).key()));
        assertThat(report.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
        assertThat(logged).anyMatch(l -> l.startsWith("WARN rocky compliance failed"));
        // the declared check is still accounted for, by a placeholder
        assertThat(report.eventsOf(RunEvent.AssetCheckResult.class)).singleElement()
                .satisfies(c -> assertThat(c.metadata()).containsKey("rocky/placeholder"));
    }

    @Test
    void retentionStatusObservesOnlySelectedAssetsAndLeavesUnsetDaysOut() {
        Definitions defs = governed();
        cli.run = MaterializerTest::eachModel;
        cli.retention = () -> new dev.rocky.core.governance.RetentionStatusResult(List.of(
                new dev.rocky.core.governance.RetentionStatusResult.ModelRetention("orders", OptionalLong.of(30), OptionalLong.of(7), false),
                new dev.rocky.core.governance.RetentionStatusResult.ModelRetention("customers", OptionalLong.empty(), OptionalLong.empty(),
                        true),
                new dev.rocky.core.governance.RetentionStatusResult.ModelRetention("gone", OptionalLong.of(1), OptionalLong.of(1), true)));
        MaterializationReport report = governance(false, true).materialize(defs, select(defs.assets().get(0).key()));
        assertThat(report.eventsOf(RunEvent.AssetObservation.class)).as("only customers is selected")
                .extracting(o -> o.asset().leaf()).containsExactly("customers");
        assertThat(report.eventsOf(RunEvent.AssetObservation.class).get(0).metadata()).as("unset days are left out, as in the reference")
                .containsEntry("rocky/retention_in_sync", new MetadataValue.BoolValue(true))
                .doesNotContainKeys("rocky/retention_configured_days", "rocky/retention_warehouse_days");

        MaterializationReport both = governance(false, true).materialize(defs, select(defs.assets().get(0).key(),
                defs.assets().get(1).key()));
        assertThat(both.eventsOf(RunEvent.AssetObservation.class)).extracting(o -> o.asset().leaf()).containsExactly("orders", "customers");
        assertThat(both.eventsOf(RunEvent.AssetObservation.class).get(0).metadata())
                .containsEntry("rocky/retention_in_sync", new MetadataValue.BoolValue(false))
                .containsEntry("rocky/retention_configured_days", MetadataValue.integer(30))
                .containsEntry("rocky/retention_warehouse_days", MetadataValue.integer(7));
    }
}
