package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.config.DefsYamlLoader;
import dev.rocky.core.state.DefsState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a {@code rocky-component refresh} process at several points: while rocky
 * discovers, compiles, optimizes, and at random times up to past the end of the refresh. After every
 * kill the state loads, as the old version or the new one. {@code -Drocky.killTrials=N} sets the
 * number of random kills (default 5; the reliability run uses 200).
 */
class RefreshKillTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRefreshNeverLeavesAStateThatFailsToLoad() throws Exception {
        CliFixture fx = new CliFixture(dir);
        Path fixtures = fx.project.resolve("rocky-fake");
        Path markers = Files.createDirectories(fx.project.resolve("markers"));
        fx.script("rocky-steps", String.join("\n",
                "step=$(echo \"$*\" | sed 's/.* json //; s/ .*//')",
                "touch '" + markers + "'/$step",
                "sleep 0.1",
                "cat '" + fixtures + "'/$step.json"));
        fx.defs("binary_path: bin/rocky-steps");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        DefsYamlLoader loader = new DefsYamlLoader();
        RockyComponent component = RockyComponent.create(loader.load(fx.defs));

        long fullRun = timeOneRefresh(fx, markers);
        int trials = Integer.getInteger("rocky.killTrials", 5);
        Random random = new Random(20261121L);
        List<String> outcomes = new ArrayList<>();
        for (String step : List.of("discover", "compile", "optimize")) {
            outcomes.add(killAt(fx, markers, step, -1, component));
        }
        for (int i = 0; i < trials; i++) {
            long delay = (long) (random.nextDouble() * fullRun * 1.2);
            outcomes.add(killAt(fx, markers, null, delay, component));
        }
        assertThat(outcomes).doesNotContain("unloadable");
        try (Stream<Path> files = Files.list(fx.stateFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".state.tmp-")))
                    .containsExactlyInAnyOrder("state", "refresh.lock");
        }
        System.out.println("refresh kill trials: " + outcomes.size() + ", outcomes " + outcomes);
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
            System.err.println("unloadable after a kill " + (step != null ? "at " + step : "after " + delayMillis + " ms") + ": " + e);
            return "unloadable";
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
