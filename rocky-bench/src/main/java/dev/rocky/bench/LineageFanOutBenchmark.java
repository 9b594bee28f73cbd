package dev.rocky.bench;

import dev.rocky.core.model.ModelLineage;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.state.RockyOutput;
import dev.rocky.core.service.ColumnLineageCollector;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import dev.rocky.state.TomlModelCatalog;
import java.time.Duration;
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
 * Column-lineage fan-out: {@code ColumnLineageCollector.collect} over {@code models} models with a
 * binary that takes {@value #LATENCY_MILLIS} ms per {@code rocky lineage} call (a {@link ReplayRunner}
 * replaying what the project-model fake answered, after a fixed sleep), {@code concurrency} calls at
 * once. The ideal is {@code models / concurrency × 50 ms}: 6.25 s for 1,000 models at 8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class LineageFanOutBenchmark {

    /** The binary's time per lineage call. */
    static final long LATENCY_MILLIS = 50;

    /** Models in the project (tables are ten times as many). */
    @Param({"1000"})
    public int models;

    /** Lineage calls at once. */
    @Param({"8"})
    public int concurrency;

    private ScaleFixture fixture;
    private ColumnLineageCollector collector;

    /** Writes the project and records one lineage answer per model. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = ScaleFixture.refreshed(models * 10, false);
        ReplayRunner replay = new ReplayRunner(fixture.rocky(), Duration.ofMillis(LATENCY_MILLIS));
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", fixture.project()), replay, LogSink.NONE);
        collector = new ColumnLineageCollector(cli, new TomlModelCatalog(), LogSink.NONE, concurrency);
        List<ModelLineage> first = collect().value();
        if (first.size() != models || replay.recorded() < models) {
            throw new IllegalStateException("recorded lineage of " + first.size() + " models, expected " + models);
        }
    }

    /** @return the lineage of every model */
    @Benchmark
    public RockyOutput<List<ModelLineage>> collect() {
        return collector.collect(fixture.project().resolve("models"), "models");
    }

    /** Deletes the project. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.delete();
    }
}
