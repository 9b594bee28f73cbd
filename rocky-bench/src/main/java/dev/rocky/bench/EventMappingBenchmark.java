package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.MaterializationSummary;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.run.RunEventListener;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.process.CommandRunner;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event mapping: materializing every asset of a discover-mode graph of {@code tables} tables, with a
 * binary that answers instantly (a {@link ReplayRunner} replaying the project-model fake's
 * {@code rocky run} output, one run per source of 100 tables). Each table reports one
 * materialization and four check results, so 10,000 tables are 10,000 materializations and 40,000
 * check results: the time is the dispatch, the parse of every run's JSON and its mapping into
 * {@code MaterializeResult} events, deduplicated, and the {@code AssetCheckResult}s. The fake's run
 * prints an empty {@code check_results}; with {@code checks=placeholder} the four results of each
 * table are the placeholders a declared check nothing reported gets ("not produced by rocky"), with
 * {@code checks=reported} each run also reports three passed checks per table
 * ({@link ReportedChecks}, synthetic, as rocky does with checks configured), parsed, deduplicated
 * and mapped, and only {@code row_count_anomaly} is a placeholder. The heap is 2 GiB:
 * at 100,000 tables the fake's project model and the 2,000 recorded answers it replays stay in
 * memory next to the graph and the 500,000 events. It is fixed ({@code -Xms} = {@code -Xmx}): a heap
 * the collector shrinks and grows again faults fresh pages in on every regrowth, which on a
 * virtual machine with costly page faults (this project's, about 4 ms per MiB) was most of the
 * 100,000-table figure.
 *
 * <p>{@link #materialize()} returns a report holding every event (a library caller that asks for
 * them all); {@link #stream()} is what {@code rocky-component materialize} runs: each event goes
 * to a listener (here one that counts them) and is dropped, so the heap holds the selection's keys,
 * not half a million events, and a young collection has little to copy. {@link #streamOne()}
 * materializes the graph's last asset alone: its time and allocation should not grow with the
 * graph (a plan that walked every asset of the graph made it grow).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EventMappingBenchmark {

    /** Replication tables in the project. */
    @Param({"1000", "10000", "100000"})
    public int tables;

    /**
     * {@code plan}: plan-then-apply, the default ({@code rocky plan}, then {@code rocky apply}
     * per call); {@code fused}: {@code rocky run} per call, no plan. Every plan rocky prints lists
     * every model of the project whatever its filter (plan.rs), so at 100,000 tables (10,000
     * models, 1,000 calls) the plans alone are 440 MB of JSON per materialization, against 6.2 MB
     * at 10,000: {@code fused} measures the mapping without that quadratic input.
     */
    @Param({"plan", "fused"})
    public String mode;

    /**
     * {@code placeholder}: the runs report no check results (the fake's output), so every declared
     * check gets a placeholder; {@code reported}: each run reports {@code row_count},
     * {@code column_match} and {@code freshness} for every table ({@link ReportedChecks}).
     */
    @Param({"placeholder", "reported"})
    public String checks;

    private ScaleFixture fixture;
    private RockyComponent component;
    private Definitions defs;
    private Materializer.Selection all;
    private Materializer.Selection one;

    /** Writes the project, loads its graph and records one run answer per source. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = ScaleFixture.refreshed(tables, false);
        CommandRunner engine = checks.equals("reported") ? new ReportedChecks(fixture.rocky()) : fixture.rocky();
        ReplayRunner replay = new ReplayRunner(engine, Duration.ZERO);
        component = RockyComponent.builder(new DefsYamlLoader().load(fixture.project().resolve("defs.yaml")))
                .commandRunner(replay).build();
        defs = component.definitions();
        Set<AssetKey> keys = new LinkedHashSet<>(defs.assets().size() * 2);
        for (AssetSpec spec : defs.assets()) {
            keys.add(spec.key());
        }
        all = Materializer.Selection.of(keys);
        one = Materializer.Selection.of(Set.of(defs.assets().get(defs.assets().size() - 1).key()));
        MaterializationReport report = materialize();
        int materialized = report.eventsOf(RunEvent.MaterializeResult.class).size();
        int results = report.eventsOf(RunEvent.AssetCheckResult.class).size();
        long placeholders = report.eventsOf(RunEvent.AssetCheckResult.class).stream()
                .filter(c -> c.metadata().containsKey(dev.rocky.core.spec.MetadataKeys.ROCKY_PLACEHOLDER)).count();
        long expectedPlaceholders = checks.equals("reported") ? tables : 4L * tables;
        if (materialized != tables || results != 4 * tables || placeholders != expectedPlaceholders || !report.failures().isEmpty()) {
            throw new IllegalStateException("expected " + tables + " materializations and " + 4 * tables + " check results ("
                    + expectedPlaceholders + " placeholders), got " + materialized + " and " + results + " (" + placeholders
                    + ") with " + report.failures().size() + " failures");
        }
        if (!stream().equals(report.summary())) {
            throw new IllegalStateException("the streamed materialization's summary differs from the report's");
        }
    }

    /** @return the events of materializing every asset */
    @Benchmark
    public MaterializationReport materialize() {
        return component.materialize(defs, all, RunOptions.builder().fused(mode.equals("fused")).build());
    }

    /** @return the summary of materializing every asset, each event counted by a listener and dropped */
    @Benchmark
    public MaterializationSummary stream() {
        Counting counting = new Counting();
        MaterializationSummary summary = component.stream(defs, all, RunOptions.builder().fused(mode.equals("fused")).build(), counting);
        if (counting.events != summary.materializations() + summary.checkResults() + summary.observations()) {
            throw new IllegalStateException("the listener saw " + counting.events + " events, the summary counts others: " + summary);
        }
        return summary;
    }

    /**
     * @return the summary of materializing one asset (the graph's last), streamed: what an
     *     orchestrator asks most often, where any work that grows with the graph rather than the
     *     selection shows
     */
    @Benchmark
    public MaterializationSummary streamOne() {
        MaterializationSummary summary = component.stream(defs, one, RunOptions.builder().fused(mode.equals("fused")).build(),
                RunEventListener.NONE);
        if (summary.materializations() != 1) {
            throw new IllegalStateException("one asset selected, " + summary.materializations() + " materialized");
        }
        return summary;
    }

    /** A listener that counts what it is told, as a consumer that writes each event somewhere would see it. */
    private static final class Counting implements RunEventListener {
        long events;

        @Override
        public void event(RunEvent event) {
            events++;
        }
    }

    /** Deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.delete();
    }
}
