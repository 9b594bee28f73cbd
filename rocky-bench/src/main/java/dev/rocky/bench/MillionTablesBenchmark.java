package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.spec.Definitions;
import dev.rocky.process.CommandRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The first in-process load of a very large discover-mode state, in a JVM held to the heap the
 * target allows ({@code -Xmx1536m}): {@code RockyComponent.definitions()} on a new component per
 * invocation (read, decode, fingerprint the inputs for staleness, build the graph). The project
 * ({@code ScaleProject.tables(tables)}: {@code tables / 100} sources, {@code tables / 10} models) is
 * written and refreshed by a separate JVM with a large heap ({@link ScaleProjectWriter}), because the
 * in-process fake that refreshes it holds the whole project model; the measuring JVM holds only
 * what a load holds. Single shots: at 1,000,000 tables one load takes seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1536m"})
public class MillionTablesBenchmark {

    /** Replication tables in the project. */
    @Param({"1000000"})
    public int tables;

    private Path dir;
    private Path defs;
    private RockyComponent fresh;

    /**
     * Writes and refreshes the project in a child JVM (its output goes to this JVM's stderr).
     *
     * @throws Exception when the child fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("rocky-bench-1m");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx12g", "-cp", System.getProperty("java.class.path"),
                ScaleProjectWriter.class.getName(), String.valueOf(tables), dir.toString()))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("writing the " + tables + "-table project failed (exit " + child.exitValue() + ")");
        }
        defs = dir.resolve("project").resolve("defs.yaml");
    }

    /**
     * A new component before each load, so each measures a first load; and a full collection, so
     * the graph the last load built (garbage now) is not collected during this one, as in a process
     * that loads for the first time.
     */
    @Setup(Level.Invocation)
    public void newComponent() {
        if (fresh != null) {
            fresh.close();
            fresh = null;
        }
        System.gc();
        CommandRunner refuse = (request, stderr) -> {
            throw new IllegalStateException("a load called rocky: " + request.argv());
        };
        fresh = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(refuse).build();
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

    /** Closes the component and deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (fresh != null) {
            fresh.close();
        }
        ScaleFixture.deleteTree(dir);
    }
}
