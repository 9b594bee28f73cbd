package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.testkit.ScaleProject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code rocky-component defs --format json} end to end: each operation runs
 * {@code bin/rocky-component}, which starts a fresh JVM with its default options, and waits for it,
 * stdout discarded. Run from the repository root after {@code mvn package}.
 *
 * <ul>
 *   <li>{@code project}: {@code example} — the bundled {@code examples/replication-basics}
 *       (refreshed by the setup through its fake rocky); {@code 100000} — a
 *       {@code ScaleProject.tables(100000)} refreshed in this JVM;</li>
 *   <li>{@code cds}: {@code on}, as a user runs it (the launcher's options and the start-up archive
 *       the build left: on this JDK, the class-data-sharing archive {@code rocky-component.jsa});
 *       {@code off}, the same options without the archive;</li>
 *   <li>{@code pythonFloor}: {@code python3 python-floor.py <state file>} on the same state, run by
 *       the interpreter itself rather than any shim in front of it ({@link #interpreter()}) — the
 *       least a Python peer does for the same job (parse the state, write one record per table);
 *       the figure the issue compares against, ratio ours / floor.</li>
 * </ul>
 * The allocation and heap columns of this benchmark are the launching JVM's, not the child's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class EndToEndBenchmark {

    /** {@code example} or a table count. */
    @Param({"example", "1000", "10000", "100000"})
    public String project;

    /** Class-data sharing for the child JVM: {@code on} or {@code off}. */
    @Param({"on", "off"})
    public String cds;

    private Path repo;
    private Path work;
    private Path defs;
    private Path stateFile;
    private Path floorScript;
    /** The interpreter the floor runs on, resolved once ({@link #interpreter()}). */
    private String python;

    /**
     * Finds the built distribution and prepares the project's state.
     *
     * @throws Exception when the distribution is not built or the refresh fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        repo = Path.of("").toAbsolutePath();
        Path jar = repo.resolve("rocky-cli/target/rocky-component.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./bench (it builds it) from the repository root");
        }
        if (cds.equals("on") && !Files.isRegularFile(archive())) {
            throw new IllegalStateException(archive() + " is missing: `mvn package` writes it (unless -Drocky.cds.skip)");
        }
        if (project.equals("example")) {
            work = Files.createTempDirectory("rocky-bench-e2e");
            Path example = repo.resolve("examples/replication-basics");
            defs = example.resolve("defs.yaml");
            if (run(List.of("--defs", defs.toString(), "refresh"), false) != 0) {
                throw new IllegalStateException("the example's refresh failed");
            }
            stateFile = Path.of(dev.rocky.component.RockyComponent.create(new dev.rocky.component.config.DefsYamlLoader().load(defs)).stateLocation());
        } else {
            ScaleFixture fixture = ScaleFixture.refreshed(Integer.parseInt(project), false);
            work = fixture.dir();
            defs = fixture.project().resolve("defs.yaml");
            stateFile = fixture.stateFile();
        }
        floorScript = work.resolve("python-floor.py");
        try (InputStream in = EndToEndBenchmark.class.getResourceAsStream("python-floor.py")) {
            Files.copy(in, floorScript);
        }
        if (!Files.isRegularFile(stateFile)) {
            throw new IllegalStateException("no state at " + stateFile);
        }
        python = interpreter();
    }

    /**
     * @return the interpreter {@code python3} on the PATH runs ({@code sys.executable}): a version
     *     manager's shim in front of it (pyenv's, on the build machine) is a shell script that
     *     resolves the version on every start, about 250 ms the floor would otherwise be charged
     * @throws IOException when python3 cannot be started or prints no path
     * @throws InterruptedException when interrupted while it runs
     */
    private static String interpreter() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String path = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || path.isEmpty() || !Files.isExecutable(Path.of(path))) {
            throw new IOException("python3 did not name its interpreter (got '" + path + "'); the floor needs python3 on the PATH");
        }
        return path;
    }

    private Path archive() {
        return repo.resolve("rocky-cli/target/rocky-component.jsa");
    }

    /**
     * Runs {@code bin/rocky-component} with {@code args}, in the JDK running this benchmark
     * ({@code JAVA_HOME}), output discarded: with {@code archives} as a user runs it (the launcher's
     * default JVM options and start-up archive); without, with the launcher's options but for the
     * archive ({@code ROCKY_COMPONENT_JAVA_OPTS}).
     */
    private int run(List<String> args, boolean archives) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("bin/rocky-component").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (!archives) {
            pb.environment().put("ROCKY_COMPONENT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:Tier3BackEdgeThreshold=6000 -XX:+UseParallelGC -XX:NewRatio=1 -XX:InitialSurvivorRatio=32 -XX:-UsePerfData -Xshare:auto");
        } else {
            pb.environment().remove("ROCKY_COMPONENT_JAVA_OPTS");
        }
        return pb.start().waitFor();
    }

    private int run(List<List<String>> parts) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        parts.forEach(cmd::addAll);
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    /**
     * @return the exit code, 0
     * @throws Exception when the CLI fails
     */
    @Benchmark
    public int defsJson() throws Exception {
        int exit = run(List.of("--defs", defs.toString(), "defs", "--format", "json"), cds.equals("on"));
        if (exit != 0) {
            throw new IllegalStateException("rocky-component defs exited " + exit);
        }
        return exit;
    }

    /**
     * @return the exit code, 0
     * @throws Exception when python3 fails
     */
    @Benchmark
    public int pythonFloor() throws Exception {
        int exit = run(List.of(List.of(python, floorScript.toString(), stateFile.toString())));
        if (exit != 0) {
            throw new IllegalStateException("python-floor.py exited " + exit);
        }
        return exit;
    }

    /** Deletes the temporary files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ScaleFixture.deleteTree(work);
    }
}
