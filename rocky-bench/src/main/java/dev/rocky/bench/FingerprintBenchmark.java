package dev.rocky.bench;

import dev.rocky.core.state.Fingerprint;
import dev.rocky.state.ProjectFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The input fingerprint as a new process computes it at each load (the staleness check of every
 * {@code rocky-component} command): a new {@link ProjectFingerprint} that keeps its digests in a
 * digest file written before, over a models directory of {@code files} files (one {@code .sql} and
 * one {@code .toml} per model, as {@link ScaleProjectWriter} writes them), none changed since.
 * It lists the tree and, from the digest file, takes the tree's digest (or each file's, then
 * hashes them into the tree's). The fork opens {@code sun.nio.fs} as the {@code rocky-component}
 * jar's manifest does, so each file's change time is read as the CLI reads it
 * ({@code EntryAttributes.Reader.JDK}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"})
public class FingerprintBenchmark {

    /** Model files in the models directory. */
    @Param({"20000"})
    public int files;

    private Path work;
    private Path digests;

    /**
     * Writes the project, dates its files an hour back and waits out the fingerprint's racy window
     * (two seconds: a file's change time cannot be set back), so they have settled as a user's
     * have, then computes the fingerprint once, which writes the digest file.
     *
     * @throws IOException when the project cannot be written
     * @throws InterruptedException when interrupted while waiting
     */
    @Setup
    public void setUp() throws IOException, InterruptedException {
        work = Files.createTempDirectory("rocky-bench-fingerprint");
        Path models = Files.createDirectories(work.resolve("models"));
        Files.writeString(work.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n");
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (int i = 0; i < files / 2; i++) {
            String name = String.format("m%05d", i);
            Files.setLastModifiedTime(Files.writeString(models.resolve(name + ".sql"), "select * from raw.t" + i + "\n"), hourAgo);
            Files.setLastModifiedTime(Files.writeString(models.resolve(name + ".toml"), "name = \"" + name + "\"\n"), hourAgo);
        }
        digests = work.resolve("file-digests");
        Thread.sleep(ProjectFingerprint.RACY_WINDOW_MILLIS + 100);
        fingerprint().compute();
    }

    private ProjectFingerprint fingerprint() {
        return new ProjectFingerprint(work.resolve("rocky.toml"), work.resolve("models"), Optional.empty(), Map.of("models_dir", "models"),
                Optional::empty).withDigestFile(digests);
    }

    /** @return a new process's fingerprint of the unchanged project */
    @Benchmark
    public Fingerprint newProcess() {
        return fingerprint().compute();
    }

    /**
     * Deletes the project.
     *
     * @throws IOException when it cannot be deleted
     */
    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
