package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.component.RockyComponent;
import dev.rocky.cli.RockyComponentCli;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.port.LogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refreshes and loads at the same time, for a while: a refresh loop in this JVM and another in a
 * {@code rocky-component refresh} process of its own, against two loops loading the graph in this
 * JVM and a loop of {@code rocky-component defs} processes. No load may fail, ever. Run for the
 * plain state file and for versioned storage; 3 s each in the default build, 60 s each under
 * {@code -Preliability}.
 */
class ConcurrentRefreshAndLoadTest {

    @TempDir
    Path dir;

    @Test
    void noReaderEverFailsWhileRefreshesRun() throws Exception {
        Duration each = Reliability.duration(Duration.ofSeconds(3), Duration.ofSeconds(60));
        for (String management : List.of("LOCAL_FILESYSTEM", "VERSIONED_STATE_STORAGE")) {
            Reliability.Tally tally = Reliability.tally("concurrent refresh and defs (" + management + ", " + each.toSeconds() + " s)");
            CliFixture fx = new CliFixture(dir.resolve(management));
            Path fixtures = fx.project.resolve("rocky-fake");
            fx.script("rocky-fast", String.join("\n", "step=$(echo \"$*\" | sed 's/.* json //; s/ .*//')",
                    "cat '" + fixtures + "'/$step.json"));
            fx.defs("binary_path: bin/rocky-fast", "defs_state:", "  management_type: " + management, "  keep_versions: 3");
            assertThat(fx.cli("refresh").exitCode()).isZero();
            RockyComponent writer = RockyComponent.builder(new DefsYamlLoader().load(fx.defs)).logSink(LogSink.NONE).build();
            long deadline = System.nanoTime() + each.toNanos();
            AtomicLong writes = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            List<Future<?>> loops = new ArrayList<>();
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    writer.refresh();
                    writes.incrementAndGet();
                }
                return null;
            }));
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String out = cli(fx, "refresh");
                    if (out.startsWith("exit 0")) {
                        writes.incrementAndGet();
                    } else {
                        tally.fail("a refresh process failed", out);
                    }
                }
                return null;
            }));
            for (int r = 0; r < 2; r++) {
                RockyComponent reader = RockyComponent.builder(new DefsYamlLoader().load(fx.defs)).logSink(LogSink.NONE).build();
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            assertThat(reader.definitions().assets()).isNotEmpty();
                            tally.pass("load in process");
                        } catch (RuntimeException | AssertionError e) {
                            tally.fail("load in process failed", e.toString());
                        }
                    }
                    return null;
                }));
            }
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String out = cli(fx, "defs");
                    if (out.startsWith("exit 0") && out.contains("duckdb/orders/orders")) {
                        tally.pass("defs process");
                    } else {
                        tally.fail("defs process failed", out);
                    }
                }
                return null;
            }));
            for (Future<?> loop : loops) {
                loop.get(each.toSeconds() + 120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            System.out.println("concurrent " + management + ": " + writes.get() + " refreshes, " + tally.tried() + " loads");
            assertThat(writes.get()).isGreaterThan(1);
            assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        }
    }

    private static String cli(CliFixture fx, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--defs", fx.defs.toString(), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }
}
