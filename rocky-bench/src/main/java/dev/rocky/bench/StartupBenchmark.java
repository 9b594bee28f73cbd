package dev.rocky.bench;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up as a person meets it: {@code bin/rocky-component --help} and the bundled example's
 * {@code defs}, each a fresh process started by the launcher script exactly as a user runs it,
 * stdout discarded. Run from the repository root after {@code mvn package} (the launcher picks
 * the AOT cache on Java 24+, else the CDS archive). {@code jdk}: {@code 17} is the java on PATH;
 * {@code 25} sets {@code JAVA_HOME} to the Temurin 25 under {@code /usr/lib/jvm} (the trial fails
 * when it is not there).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 21)
@Fork(1)
public class StartupBenchmark {

    /** The JDK the launcher runs on: {@code 17} (PATH) or {@code 25}. */
    @Param({"17", "25"})
    public String jdk;

    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private Path repo;
    private Path example;

    /**
     * Checks the distribution is built and refreshes the example.
     *
     * @throws Exception when it is not built or the refresh fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        repo = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(repo.resolve("rocky-cli/target/rocky-component.jar"))) {
            throw new IllegalStateException("run from the repository root after `mvn package`");
        }
        if (jdk.equals("25") && !Files.isExecutable(JDK25.resolve("bin/java"))) {
            throw new IllegalStateException("no JDK 25 at " + JDK25);
        }
        example = repo.resolve("examples/replication-basics/defs.yaml");
        if (run("--defs", example.toString(), "refresh") != 0) {
            throw new IllegalStateException("the example's refresh failed");
        }
    }

    private int run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("bin/rocky-component").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (jdk.equals("25")) {
            pb.environment().put("JAVA_HOME", JDK25.toString());
        } else {
            pb.environment().remove("JAVA_HOME");
        }
        return pb.start().waitFor();
    }

    /**
     * @return the exit code, 0
     * @throws Exception when the CLI fails
     */
    @Benchmark
    public int help() throws Exception {
        return check(run("--help"));
    }

    /**
     * @return the exit code, 0
     * @throws Exception when the CLI fails
     */
    @Benchmark
    public int exampleDefs() throws Exception {
        return check(run("--defs", example.toString(), "defs"));
    }

    private static int check(int exit) {
        if (exit != 0) {
            throw new IllegalStateException("rocky-component exited " + exit);
        }
        return exit;
    }
}
