package dev.rocky.bench;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.service.RefreshReport;
import dev.rocky.process.CommandRunner;
import java.time.Duration;
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
 * Refresh: what rocky-java adds to the binary's own time, in a JVM capped at 512 MiB of heap. The
 * binary answers instantly (a {@link ReplayRunner} replaying what the project-model fake printed for
 * {@code discover}, {@code compile} and {@code optimize}), so {@code refresh} is the parse of every
 * slot, the fingerprint of the inputs, the encode and the atomic write of the state file — the
 * refresh's total "beyond the binary". The fake itself is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RefreshBenchmark {

    /** Replication tables in the project. */
    @Param({"1000", "10000", "100000"})
    public int tables;

    private ScaleFixture fixture;
    private RockyComponent component;

    /** Writes and refreshes the project once through the fake, recording its answers. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = ScaleFixture.refreshed(tables, false);
        ReplayRunner replay = new ReplayRunner(fixture.rocky(), Duration.ZERO);
        component = RockyComponent.builder(new DefsYamlLoader().load(fixture.project().resolve("defs.yaml")))
                .commandRunner(replay).build();
        RefreshReport report = component.refresh();
        if (report.tables() != tables || replay.recorded() < 1) {
            throw new IllegalStateException("the recorded refresh saw " + report.tables() + " tables, expected " + tables);
        }
    }

    /** @return the refresh's report */
    @Benchmark
    public RefreshReport refresh() {
        return component.refresh();
    }

    /** Deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.delete();
    }
}
