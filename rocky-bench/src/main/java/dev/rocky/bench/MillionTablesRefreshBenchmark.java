package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.service.RefreshReport;
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
 * A refresh of a million tables (rocky's discover, compile and optimize print about 150 MB, the state
 * document is as large) in a JVM with the heap the load target allows ({@code -Xmx1536m}); its
 * {@code peak.heap} is what the refresh holds at once. The binary is {@link FileReplayRunner}: the
 * fake's answers, recorded in the child JVM that wrote the project, read from files at each call as
 * a pipe would be. Each refresh rewrites the state (its inputs' fingerprint and the rocky output are
 * the same, so the document is too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1536m"})
public class MillionTablesRefreshBenchmark {

    /** Replication tables in the project. */
    @Param({"1000000"})
    public int tables;

    private Path dir;
    private Path defs;
    private RockyComponent fresh;

    /**
     * Writes and refreshes the project in a child JVM, keeping the fake's answers.
     *
     * @throws Exception when the child fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("rocky-bench-1m-refresh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx12g", "-cp", System.getProperty("java.class.path"),
                ScaleProjectWriter.class.getName(), String.valueOf(tables), dir.toString(), "--answers"))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("writing the " + tables + "-table project failed (exit " + child.exitValue() + ")");
        }
        defs = dir.resolve("project").resolve("defs.yaml");
    }

    /** A new component before each refresh, after a full collection, as in a process that refreshes once. */
    @Setup(Level.Invocation)
    public void newComponent() {
        if (fresh != null) {
            fresh.close();
            fresh = null;
        }
        System.gc();
        fresh = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(new FileReplayRunner(dir.resolve("answers")))
                .build();
    }

    /** @return the refresh's report */
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
