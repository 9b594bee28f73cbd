package dev.rocky.bench;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Process overhead per rocky invocation. The binary is a trivial shell script that prints the
 * {@code discover} output recorded from the real rocky ({@code cat} of a file).
 *
 * <ul>
 *   <li>{@code bare}: {@link ProcessBuilder} starts the script, reads its stdout to the end and waits
 *       — the binary's own time as the cheapest Java caller sees it;</li>
 *   <li>{@code discover}: {@code ProcessRockyCli.discover()} through commons-exec — argv, environment,
 *       timeout watchdog, stdout capture with its cap, stderr pump, exit-code rules and the JSON
 *       parse into the domain.</li>
 * </ul>
 * rocky-java's overhead per invocation is {@code discover − bare}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessOverheadBenchmark {

    private Path dir;
    private Path script;
    private ProcessRockyCli cli;

    /**
     * Writes the script and the recorded output it prints.
     *
     * @throws IOException when they cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("rocky-bench-process");
        Path output = dir.resolve("discover.json");
        Files.writeString(output, RockyContract.read("fixtures/discover.json"));
        script = dir.resolve("rocky");
        Files.writeString(script, "#!/bin/sh\nexec cat '" + output + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        cli = new ProcessRockyCli(RockyCliSettings.defaults(script.toString(), dir), new CommonsExecCommandRunner(), LogSink.NONE);
        if (cli.discover().value().sources().isEmpty()) {
            throw new IllegalStateException("the recorded discover output has no sources");
        }
    }

    /**
     * @return the number of stdout bytes read
     * @throws Exception when the script cannot run
     */
    @Benchmark
    public long bare() throws Exception {
        Process p = new ProcessBuilder(script.toString(), "discover").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long n;
        try (InputStream in = p.getInputStream()) {
            n = in.readAllBytes().length;
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the script failed");
        }
        return n;
    }

    /** @return the parsed discover output */
    @Benchmark
    public RockyOutput<DiscoverResult> discover() {
        return cli.discover();
    }

    /** Deletes the script. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ScaleFixture.deleteTree(dir);
    }
}
