package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.spec.Definitions;
import java.io.IOException;
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
 * Load: the state file to {@code Definitions}, in a JVM with a fixed 512 MiB heap ({@code -Xms} =
 * {@code -Xmx}: a heap the collector resizes faults fresh pages in again as it regrows).
 *
 * <ul>
 *   <li>{@code load}: {@code RockyComponent.definitions()} on a component that has not loaded yet
 *       (a new one per invocation, built outside the measurement) — read the state file, decode
 *       it, check the inputs' fingerprint for staleness, build the graph (discover mode: one asset
 *       per table; DAG mode: one per DAG node);</li>
 *   <li>{@code reload}: the same call again on a component that loaded the unchanged state before,
 *       as an embedding orchestrator reloads: the store's identity and the inputs' fingerprint
 *       are checked, the state is not read;</li>
 *   <li>{@code floor}: Jackson's {@code ObjectMapper.readTree} of the same file — the least any
 *       JSON-reading load does; the ratio {@code load / floor} is reported.</li>
 * </ul>
 * The loading component's binary refuses every call, and the component and fake that refreshed the
 * project are released before measuring, so the heap holds what a loading process holds (and, for
 * {@code reload}, the one graph it reloads). The project is a {@code ScaleProject.tables(tables)}: {@code tables / 100} sources of 100 tables,
 * {@code tables / 10} models (the DAG sizes 100, 1,000, 10,000 models).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LoadBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code discover} (default) or {@code dag} ({@code dag_mode: true}). */
    @Param({"discover", "dag"})
    public String mode;

    /** Replication tables in the project. */
    @Param({"1000", "10000", "100000"})
    public int tables;

    private java.nio.file.Path dir;
    private java.nio.file.Path stateFile;
    private ScaleFixture fixture;
    private dev.rocky.component.RockyComponent component;
    private dev.rocky.component.RockyComponent fresh;

    /**
     * Writes and refreshes the project, then releases the refreshing component and its fake; for
     * {@code reload} loads the component that reloads (the other benchmarks hold no graph).
     *
     * @param params which benchmark runs
     */
    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        fixture = ScaleFixture.refreshed(tables, mode.equals("dag")).released();
        dir = fixture.dir();
        stateFile = fixture.stateFile();
        RockyComponent check = fixture.loadOnly();
        int expected = mode.equals("dag") ? tables / 10 : tables;
        int built = check.definitions().assets().size();
        if (built < expected) {
            throw new IllegalStateException("the load built " + built + " assets, expected at least " + expected);
        }
        check.close();
        if (params.getBenchmark().endsWith(".reload")) {
            component = fixture.loadOnly();
            component.definitions();
        }
    }

    /** A component that has loaded nothing, for the next {@link #load()}. */
    @Setup(Level.Invocation)
    public void freshComponent() {
        fresh = fixture.loadOnly();
    }

    /** @return the asset graph, from a component's first load */
    @Benchmark
    public Definitions load() {
        return fresh.definitions();
    }

    /** @return the asset graph, loaded again by a component that loaded the same state before */
    @Benchmark
    public Definitions reload() {
        return component.definitions();
    }

    /**
     * @return the state file as a Jackson tree
     * @throws IOException when the file cannot be read
     */
    @Benchmark
    public JsonNode floor() throws IOException {
        return MAPPER.readTree(stateFile.toFile());
    }

    /** Deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ScaleFixture.deleteTree(dir);
    }
}
