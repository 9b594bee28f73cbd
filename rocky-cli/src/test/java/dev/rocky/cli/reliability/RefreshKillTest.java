package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.component.RockyComponent;
import dev.rocky.cli.RockyComponentCli;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.state.DefsState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a {@code rocky-component refresh} process (and the rocky it runs) at several
 * points: while rocky discovers, compiles, optimizes, and at random times up to past the end of the
 * refresh. After every kill the state loads, as the old version or the new one — never a partial
 * or corrupt one. For the plain state file: 4 random kills in the default build, 200 under
 * {@code -Preliability}; for versioned storage 2 and 100; plus the three step kills each.
 */
class RefreshKillTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRefreshOfTheStateFileNeverLeavesAStateThatFailsToLoad() throws Exception {
        trials("LOCAL_FILESYSTEM", Reliability.count(4, 200), 20261121L);
    }

    @Test
    void aKilledRefreshOfVersionedStorageNeverLeavesAStateThatFailsToLoad() throws Exception {
        trials("VERSIONED_STATE_STORAGE", Reliability.count(2, 100), 20261122L);
    }

    private void trials(String management, int randomKills, long seed) throws Exception {
        CliFixture fx = new CliFixture(dir);
        Path fixtures = fx.project.resolve("rocky-fake");
        Path markers = Files.createDirectories(fx.project.resolve("markers"));
        fx.script("rocky-steps", String.join("\n",
                "step=$(echo \"$*\" | sed 's/.* json //; s/ .*//')",
                "touch '" + markers + "'/$step",
                "sleep 0.1",
                "cat '" + fixtures + "'/$step.json"));
        fx.defs("binary_path: bin/rocky-steps", "defs_state:", "  management_type: " + management, "  keep_versions: 3");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));

        long fullRun = timeOneRefresh(fx, markers);
        Random random = new Random(seed);
        Reliability.Tally tally = Reliability.tally("kill -9 during refresh (" + management + ")");
        for (String step : List.of("discover", "compile", "optimize")) {
            record(tally, killAt(fx, markers, step, -1, component), "at " + step);
        }
        for (int i = 0; i < randomKills; i++) {
            long delay = (long) (random.nextDouble() * fullRun * 1.2);
            record(tally, killAt(fx, markers, null, delay, component), "after " + delay + " ms");
        }
        Path stateDir = Path.of(component.stateLocation());
        stateDir = Files.isDirectory(stateDir) ? stateDir : stateDir.getParent();
        try (Stream<Path> files = Files.list(stateDir)) {
            // (the input fingerprint's kept digests, file-digests, are there once a refresh hashed files older than 2 s)
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.contains(".tmp-"))
                    .filter(n -> !n.equals("file-digests")).toList();
            if (management.equals("LOCAL_FILESYSTEM")) {
                assertThat(names).containsExactlyInAnyOrder("state", "refresh.lock");
            } else {
                assertThat(names).contains("LATEST").allMatch(n -> n.equals("LATEST") || n.endsWith(".lock")
                        || n.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
            }
        }
        System.out.println("refresh kill trials (" + management + "): " + tally.tried() + ", outcomes " + tally.outcomes());
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    private static void record(Reliability.Tally tally, String outcome, String when) {
        if (outcome.startsWith("unloadable")) {
            tally.fail("unloadable", when + ": " + outcome);
        } else {
            tally.pass(outcome + " state loads");
        }
    }

    private static Process start(CliFixture fx) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(),
                "--defs", fx.defs.toString(), "refresh")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long timeOneRefresh(CliFixture fx, Path markers) throws Exception {
        clear(markers);
        long start = System.nanoTime();
        Process p = start(fx);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String killAt(CliFixture fx, Path markers, String step, long delayMillis, RockyComponent component)
            throws Exception {
        clear(markers);
        String oldWrittenAt = component.state().writtenAt().orElseThrow().toString();
        Process p = start(fx);
        if (step != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(markers.resolve(step)) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } else {
            Thread.sleep(delayMillis);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        try {
            DefsState state = component.state();
            component.definitions();
            return state.writtenAt().map(Object::toString).orElse("").equals(oldWrittenAt) ? "old" : "new";
        } catch (RuntimeException e) {
            return "unloadable: " + e;
        }
    }

    private static void clear(Path markers) throws Exception {
        try (Stream<Path> files = Files.list(markers)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
