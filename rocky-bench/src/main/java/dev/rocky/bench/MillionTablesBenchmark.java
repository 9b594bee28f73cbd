package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.core.spec.Definitions;
import dev.rocky.process.CommandRunner;
import java.nio.file.Path;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A very large discover-mode project in a JVM held to the heap the target allows
 * ({@code -Xms1536m -Xmx1536m}: fixed, since a heap the collector resizes faults fresh pages in
 * again as it regrows), a new component per invocation (after a full collection, so the graph the
 * last one built, garbage now, is not collected during this one, as in a process that starts):
 * <ul>
 *   <li>{@code load}: the first {@code RockyComponent.definitions()} (read, decode, fingerprint the
 *       inputs for staleness, build the graph), with a binary that refuses every call;</li>
 *   <li>{@code loadParallelGc}: the same in a JVM with the parallel collector (the launcher's);</li>
 *   <li>{@code refresh}: a refresh (rocky's discover, compile and optimize print about 150 MB at a
 *       million tables, and the state document is as large), with {@link FileReplayRunner} as the
 *       binary: the fake's answers read from files at each call, as a pipe would be. Its
 *       {@code peak.heap} is what the refresh holds at once.</li>
 * </ul>
 * The project ({@code ScaleProject.tables(tables)}: {@code tables / 100} sources, {@code tables / 10}
 * models) is written and refreshed by a separate JVM with a large heap ({@link ScaleProjectWriter}),
 * which also keeps the fake's answers for {@code refresh}, because the in-process fake holds the
 * whole project model; the measuring JVM holds only what a load or a refresh holds. Single shots:
 * at 1,000,000 tables each takes seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1536m", "-Xmx1536m"})
public class MillionTablesBenchmark {

    /** Replication tables in the project. */
    @Param({"1000000"})
    public int tables;

    private Path dir;
    private Path defs;
    private boolean refreshing;
    private RockyComponent fresh;

    /**
     * Writes and refreshes the project in a child JVM (its output goes to this JVM's stderr),
     * keeping the fake's answers when the benchmark is {@code refresh}.
     *
     * @param params which benchmark runs
     * @throws Exception when the child fails
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        refreshing = params.getBenchmark().endsWith(".refresh");
        dir = ScaleProjectWriter.writeInChild(tables, "rocky-bench-1m", refreshing);
        defs = dir.resolve("project").resolve("defs.yaml");
    }

    /** A new component before each invocation, after a full collection. */
    @Setup(Level.Invocation)
    public void newComponent() {
        if (fresh != null) {
            fresh.close();
            fresh = null;
        }
        System.gc();
        CommandRunner binary = refreshing ? new FileReplayRunner(dir.resolve("answers")) : (request, stderr) -> {
            throw new IllegalStateException("a load called rocky: " + request.argv());
        };
        fresh = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(binary).build();
    }

    /** @return the asset graph, loaded by a component that has not loaded before */
    @Benchmark
    public Definitions load() {
        Definitions d = fresh.definitions();
        if (d.assets().size() != tables) {
            throw new IllegalStateException("loaded " + d.assets().size() + " assets, expected " + tables);
        }
        return d;
    }

    /**
     * @return as {@link #load()}, in a JVM with the parallel collector, as {@code bin/rocky-component}
     *     runs: a process that builds a graph this large in one go spends less of it in young
     *     collections copying the graph under construction than G1 does (6 December: 2.3–2.6 s
     *     against 2.9–3.3 s, the same heap)
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms1536m", "-Xmx1536m", "-XX:+UseParallelGC"})
    public Definitions loadParallelGc() {
        return load();
    }

    /** @return the report of a refresh by a component that has not refreshed before */
    @Benchmark
    public RefreshReport refresh() {
        RefreshReport report = fresh.refresh();
        if (report.tables() != tables) {
            throw new IllegalStateException("refreshed " + report.tables() + " tables, expected " + tables);
        }
        return report;
    }

    /** Closes the component and deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (fresh != null) {
            fresh.close();
        }
        ScaleFixture.deleteTree(dir);
    }
}
