package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.AssetFailure;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.MaterializationSummary;
import dev.rocky.core.run.RecordedVerdict;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.spec.AssetCheckSpec;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Materializer#stream} against {@link Materializer#materialize}: on seeded graphs whose
 * engine materializes, fails, omits, prunes and checks tables at random (and fails whole calls),
 * the streamed materialization hands the listener the same events and failures in the same order,
 * makes the same calls, records the same verdicts, and its summary counts what the report holds,
 * counted here independently.
 */
class StreamedMaterializationTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final List<String> CHECK_NAMES = List.of("row_count", "row_count_anomaly", "freshness", "column_match");

    /** One seeded scenario: a graph, its engine's answers, the options and the selection. */
    private record Scenario(long seed, Definitions defs, Function<RunOptions, RunResult> engine, boolean satisfyEmpty,
            Set<AssetKey> selected, Map<AssetKey, Map<String, RecordedVerdict>> earlierVerdicts) {
    }

    /** Everything one materialization showed: what its listener was told, the calls, the verdicts recorded. */
    private record Seen(List<RunEvent> events, List<AssetFailure> failures, List<String> calls, List<RecordedVerdict> recorded,
            List<String> logged) {
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 0x5EED_0000L + i);
    }

    private static Scenario scenario(long seed) {
        Random rnd = new Random(seed);
        List<AssetSpec> assets = new ArrayList<>();
        Map<AssetKey, RunTarget> targets = new LinkedHashMap<>();
        int tenants = 1 + rnd.nextInt(3);
        // each table's fate when its source runs: 0 materialized, 1 error, 2 absent, 3 pruned as unchanged
        Map<String, Integer> fate = new LinkedHashMap<>();
        Map<String, List<String>> tablesOfSource = new LinkedHashMap<>();
        Map<String, List<String>> sourcesOfTenant = new LinkedHashMap<>();
        Set<String> failingSources = new LinkedHashSet<>();
        Map<AssetKey, Map<String, RecordedVerdict>> earlier = new LinkedHashMap<>();
        for (int t = 0; t < tenants; t++) {
            String tenant = "t" + t;
            int sources = 1 + rnd.nextInt(3);
            for (int s = 0; s < sources; s++) {
                String source = "raw__" + tenant + "__s" + s;
                sourcesOfTenant.computeIfAbsent(tenant, k -> new ArrayList<>()).add(source);
                if (rnd.nextInt(8) == 0) {
                    failingSources.add(source);
                }
                int tables = 1 + rnd.nextInt(5);
                for (int i = 0; i < tables; i++) {
                    String table = "s" + s + "_tbl" + i;
                    AssetKey key = AssetKey.of("duckdb", tenant, table);
                    List<AssetCheckSpec> checks = new ArrayList<>();
                    for (String c : CHECK_NAMES) {
                        if (rnd.nextInt(3) > 0) {
                            checks.add(new AssetCheckSpec(c, key, c + " of " + table));
                        }
                    }
                    assets.add(new AssetSpec(key, tenant, List.of(), List.of("rocky"), Map.of(), Map.of(), checks, Optional.empty(),
                            Optional.empty()));
                    targets.put(key, new RunTarget.SourceTable(source, Map.of("tenant", tenant), List.of("duckdb", tenant, table),
                            Optional.empty()));
                    tablesOfSource.computeIfAbsent(source, k -> new ArrayList<>()).add(table);
                    int f = rnd.nextInt(10);
                    fate.put(tenant + "/" + table, f < 6 ? 0 : f < 7 ? 1 : f < 9 ? 2 : 3);
                    if (!checks.isEmpty() && rnd.nextBoolean()) {
                        earlier.put(key, Map.of(checks.get(0).name(), new RecordedVerdict(key, checks.get(0).name(), rnd.nextBoolean(),
                                CheckSeverity.ERROR, NOW.minusSeconds(3600))));
                    }
                }
            }
        }
        long checkSeed = rnd.nextLong();
        Function<RunOptions, RunResult> engine = o -> {
            String filter = o.filter().orElseThrow();
            List<String> sources = filter.startsWith("tenant=") ? sourcesOfTenant.get(filter.substring(7))
                    : List.of(filter.substring(3));
            for (String source : sources) {
                if (failingSources.contains(source)) {
                    throw new RockyException(ErrorCode.RUN_FAILED, "rocky run --filter " + filter + " exited 1 (seed " + seed + ")");
                }
            }
            List<RunResult.Materialization> mats = new ArrayList<>();
            List<RunResult.TableError> errors = new ArrayList<>();
            List<RunResult.TableChecks> checks = new ArrayList<>();
            List<RunResult.ExcludedTable> excluded = new ArrayList<>();
            List<RunResult.DriftAction> drift = new ArrayList<>();
            Random answers = new Random(checkSeed ^ filter.hashCode());
            for (String source : sources) {
                String tenant = source.split("__")[1];
                for (String table : tablesOfSource.get(source)) {
                    List<String> engineKey = List.of("duckdb", tenant, table);
                    switch (fate.get(tenant + "/" + table)) {
                        case 0 -> {
                            mats.add(new RunResult.Materialization(engineKey, answers.nextBoolean() ? OptionalLong.of(answers.nextInt(1000))
                                    : OptionalLong.empty(), answers.nextInt(50), "2026-12-04T09:00:00Z", "incremental", Optional.empty(),
                                    Optional.of(tenant + ".raw." + table), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                                    Optional.empty()));
                            if (answers.nextBoolean()) {
                                String c = CHECK_NAMES.get(answers.nextInt(CHECK_NAMES.size()));
                                RunResult.TableChecks reported = new RunResult.TableChecks(engineKey, List.of(new RunResult.CheckOutcome(c,
                                        answers.nextBoolean(), CheckSeverity.ERROR, Map.of("observed", MetadataValue.integer(answers.nextInt(9))))));
                                checks.add(reported);
                                if (answers.nextInt(4) == 0) {
                                    checks.add(reported); // reported twice: one result per asset check all the same
                                }
                            }
                            if (answers.nextInt(4) == 0) {
                                drift.add(new RunResult.DriftAction(tenant + ".raw." + table, "drop_and_recreate", "a column changed type"));
                            }
                        }
                        case 1 -> errors.add(new RunResult.TableError(engineKey, "permission denied on " + table, FailureKind.UNKNOWN,
                                OptionalLong.empty()));
                        case 3 -> excluded.add(new RunResult.ExcludedTable(engineKey, "unchanged_since_last_copy", source, table));
                        default -> {
                        }
                    }
                }
            }
            RunStatus status = errors.isEmpty() ? RunStatus.SUCCESS : mats.isEmpty() ? RunStatus.FAILURE : RunStatus.PARTIAL_FAILURE;
            return new RunResult(status, Optional.of("replication"), filter, 5, mats.size(), errors.size(), mats, checks, errors, drift,
                    mats.size(), drift.size(), List.of(), List.of(), excluded, false, Optional.empty(), Optional.empty(),
                    errors.isEmpty() ? 0 : 2);
        };
        Set<AssetKey> selected = new LinkedHashSet<>();
        boolean all = rnd.nextBoolean();
        for (AssetSpec a : assets) {
            if (all || rnd.nextInt(3) > 0) {
                selected.add(a.key());
            }
        }
        if (selected.isEmpty()) {
            selected.add(assets.get(0).key());
        }
        return new Scenario(seed, new Definitions(assets, Optional.empty(), targets), engine, rnd.nextBoolean(), selected, earlier);
    }

    private interface Run<R> {
        R apply(Materializer materializer, Definitions defs, Materializer.Selection selection, RunEventListener listener);
    }

    private static <R> Map.Entry<R, Seen> run(Scenario s, Run<R> how) {
        CoreFakes.Cli cli = new CoreFakes.Cli();
        cli.run = s.engine();
        List<String> logged = new ArrayList<>();
        LogSink log = (level, message) -> logged.add(level + " " + message);
        PrunedTablesTest.MemoryVerdicts verdicts = new PrunedTablesTest.MemoryVerdicts();
        s.earlierVerdicts().forEach((k, v) -> verdicts.byAsset.put(k, new LinkedHashMap<>(v)));
        Materializer m = new Materializer(new RockyResource(cli, log), log, new Materializer.Options("models", s.satisfyEmpty(), false,
                RunOptions.builder().fused(true).build()), Clock.fixed(NOW, ZoneOffset.UTC), verdicts);
        List<RunEvent> events = new ArrayList<>();
        List<AssetFailure> failures = new ArrayList<>();
        RunEventListener listener = new RunEventListener() {
            @Override
            public void event(RunEvent event) {
                events.add(event);
            }

            @Override
            public void failure(AssetFailure failure) {
                failures.add(failure);
            }
        };
        R result = how.apply(m, s.defs(), Materializer.Selection.of(s.selected()), listener);
        return Map.entry(result, new Seen(events, failures, cli.calls, verdicts.recorded, logged));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aStreamedMaterializationTellsWhatTheReportHoldsAndCountsIt(long seed) {
        Scenario s = scenario(seed);
        Map.Entry<MaterializationReport, Seen> reported = run(s, Materializer::materialize);
        Map.Entry<MaterializationSummary, Seen> streamed = run(s, Materializer::stream);
        MaterializationReport report = reported.getKey();
        Seen seen = streamed.getValue();

        assertThat(reported.getValue().events()).isEqualTo(report.events());
        assertThat(seen.events()).isEqualTo(report.events());
        assertThat(seen.failures()).isEqualTo(report.failures()).isEqualTo(reported.getValue().failures());
        assertThat(seen.calls()).isEqualTo(reported.getValue().calls());
        assertThat(seen.recorded()).isEqualTo(reported.getValue().recorded());
        assertThat(seen.logged()).isEqualTo(reported.getValue().logged());
        assertThat(streamed.getKey()).isEqualTo(report.summary());

        // counted here, independently of the tally
        MaterializationSummary summary = streamed.getKey();
        assertThat(summary.materializations()).isEqualTo(seen.events().stream().filter(e -> e instanceof RunEvent.MaterializeResult).count());
        assertThat(summary.emptyOutputs()).isEqualTo(seen.events().stream().filter(e -> e instanceof RunEvent.MaterializeResult m
                && m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION)).count());
        assertThat(summary.checkResults()).isEqualTo(seen.events().stream().filter(e -> e instanceof RunEvent.AssetCheckResult).count());
        assertThat(summary.failedChecks()).isEqualTo(seen.events().stream().filter(e -> e instanceof RunEvent.AssetCheckResult c
                && !c.passed()).count());
        assertThat(summary.observations()).isEqualTo(seen.events().stream().filter(e -> e instanceof RunEvent.AssetObservation).count());
        assertThat(summary.runs()).isEqualTo(report.runs().size());
        assertThat(summary.outcome()).isEqualTo(report.outcome());
        assertThat(summary.retryAfterSeconds()).isEqualTo(report.retryAfterSeconds());
    }

    @Test
    void theSeedsReachEveryKindOfEventAndOutcome() {
        Set<String> kinds = new LinkedHashSet<>();
        Set<MaterializationReport.Outcome> outcomes = new LinkedHashSet<>();
        seeds().forEach(seed -> {
            MaterializationReport r = run(scenario(seed), Materializer::materialize).getKey();
            r.events().forEach(e -> kinds.add(e.type() + (e instanceof RunEvent.MaterializeResult m
                    && m.metadata().containsKey(RunEvent.EMPTY_FOR_PARTITION) ? "/empty" : "")
                    + (e instanceof RunEvent.AssetCheckResult c ? (c.passed() ? "/passed" : "/failed") : "")));
            outcomes.add(r.outcome());
        });
        assertThat(kinds).contains("materialization", "materialization/empty", "check/passed", "check/failed", "observation");
        assertThat(outcomes).containsExactlyInAnyOrder(MaterializationReport.Outcome.values());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyDeclaredCheckOfASelectedAssetHasExactlyOneResult(long seed) {
        Scenario s = scenario(seed);
        Map.Entry<MaterializationSummary, Seen> streamed = run(s, Materializer::stream);

        Map<String, Integer> results = new LinkedHashMap<>();
        for (RunEvent e : streamed.getValue().events()) {
            if (e instanceof RunEvent.AssetCheckResult c) {
                results.merge(c.asset().toUserString() + " " + c.checkName(), 1, Integer::sum);
            }
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (AssetSpec a : s.defs().assets()) {
            if (s.selected().contains(a.key())) {
                a.checks().forEach(c -> expected.put(a.key().toUserString() + " " + c.name(), 1));
            }
        }
        assertThat(results).as("a result per declared check, reported or placeholder, never two").isEqualTo(expected);
    }

    @Test
    void anAssetWithMoreThan64ChecksKeepsEachResultOnce() {
        AssetKey key = AssetKey.of("duckdb", "wide", "t");
        List<AssetCheckSpec> checks = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            checks.add(new AssetCheckSpec("c" + i, key, "check " + i));
        }
        AssetSpec spec = new AssetSpec(key, "wide", List.of(), List.of("rocky"), Map.of(), Map.of(), checks, Optional.empty(),
                Optional.empty());
        Definitions defs = new Definitions(List.of(spec), Optional.empty(),
                Map.of(key, new RunTarget.SourceTable("s", Map.of(), List.of("duckdb", "wide", "t"), Optional.empty())));
        List<RunEvent> told = new ArrayList<>();
        RunEventCollector out = new RunEventCollector(defs, told::add, LogSink.NONE, List.of(spec),
                new VerdictHistory(dev.rocky.core.port.CheckVerdictStore.NONE, LogSink.NONE, Clock.fixed(NOW, ZoneOffset.UTC)), false);
        List<Integer> reported = List.of(0, 63, 64, 69);

        for (int round = 0; round < 2; round++) {
            for (int i : reported) {
                out.check(new RunEvent.AssetCheckResult(key, "c" + i, true, CheckSeverity.ERROR, Map.of()), round == 0 ? -1 : 0);
            }
        }
        out.publish();

        assertThat(told).extracting(e -> ((RunEvent.AssetCheckResult) e).checkName()).containsExactly("c0", "c63", "c64", "c69");
        for (int i = 0; i < 70; i++) {
            assertThat(out.isCheckedAt(0, i, spec)).as("c" + i).isEqualTo(reported.contains(i));
        }
    }

    @Test
    void aLedgerThatDoesNotRetainKeepsNothingOnceTheListenerHasIt() {
        Scenario s = scenario(0x5EED_0000L);
        AssetSpec spec = s.defs().assets().get(0);
        List<RunEvent> told = new ArrayList<>();
        RunEventCollector out = new RunEventCollector(s.defs(), told::add, LogSink.NONE, List.of(spec),
                new VerdictHistory(dev.rocky.core.port.CheckVerdictStore.NONE, LogSink.NONE, Clock.fixed(NOW, ZoneOffset.UTC)), false);
        RunResult r = new RunResult(RunStatus.SUCCESS, Optional.of("replication"), "id=x", 5, 0, 3, List.of(), List.of(), List.of(),
                List.of(), 0, 0, List.of(), List.of(), List.of(), false, Optional.empty(), Optional.empty(), 0);
        out.collect(new RunCall(RunOptions.builder().filter("id=x").build(), List.of(spec), false), r);
        out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), Map.of()));
        out.add(new RunEvent.AssetObservation(spec.key(), Map.of()));
        out.publish();
        assertThat(told).hasSize(2);
        assertThat(out.events).isEmpty();
        assertThat(out.runs).isEmpty();
        // what it still knows: the asset materialized (deduplication), the counts, the failed tables the runs reported
        assertThat(out.isMaterialized(spec.key())).isTrue();
        assertThat(s.defs().assets()).allSatisfy(a -> assertThat(out.isMaterialized(a.key())).isEqualTo(a.key().equals(spec.key())));
        assertThat(out.tablesFailed).isEqualTo(3);
        out.materialize(new RunEvent.MaterializeResult(spec.key(), Optional.empty(), Map.of()));
        out.publish();
        assertThat(told).hasSize(2);
        assertThat(out.summary()).isEqualTo(new MaterializationSummary(1, 0, 0, 0, 1, List.of(), 1));
    }
}
