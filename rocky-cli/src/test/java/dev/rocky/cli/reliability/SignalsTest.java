package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.cli.RockyComponentCli;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping {@code rocky-component} stops rocky: the CLI runs in its own JVM, rocky starts a child
 * and a grandchild that double-forks out of the process tree, and the JVM gets SIGTERM, SIGINT or
 * SIGHUP. Every process rocky started must be gone within two seconds, the CLI must exit non-zero
 * and say what it killed, and no state is written. A timeout returns within a second of its budget
 * even when a process that left rocky's session holds the pipes.
 */
class SignalsTest {

    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    @TempDir
    Path dir;

    @Test
    void aSignalToTheCliKillsRocksWholeGroupAndSaysSo() throws Exception {
        int rounds = Reliability.count(1, 5);
        Reliability.Tally tally = Reliability.tally("signals: SIGTERM/SIGINT/SIGHUP kill rocky's group");
        for (int round = 0; round < rounds; round++) {
            for (String signal : SIGNALS) {
                if (ignoredByThisProcess(signal)) {
                    // Started under nohup (SIGHUP), or as a background job of a shell without job control
                    // (SIGINT): the CLI inherits the disposition and the JVM keeps ignoring the signal, as asked.
                    tally.notTried("SIG" + signal + ": ignored by the environment");
                    continue;
                }
                String outcome = trial(signal, round);
                if (outcome.equals("group killed, reported")) {
                    tally.pass(outcome);
                } else {
                    tally.fail(outcome, "SIG" + signal + " round " + round + ": " + outcome);
                }
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        assertThat(tally.tried())
                .as("every signal is ignored by this environment (%s): nothing was tried; run the test where SIGTERM reaches it", tally.outcomes())
                .isPositive();
    }

    /**
     * @return whether the process runs: alive to the JDK and not a zombie. A killed grandchild that
     *     left the tree belongs to whatever reaps orphans; where PID 1 reaps nothing (a container),
     *     it stays a zombie (state {@code Z} in {@code /proc/<pid>/stat}), dead but listed, which
     *     {@link ProcessHandle#isAlive()} still counts.
     */
    private static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state …: the state follows the last ')', since comm may hold spaces or parentheses
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false; // gone between the two looks
        }
    }

    /**
     * Kills a trial's CLI and every process its rocky listed, so a failed trial leaves nothing running.
     *
     * @param cli the CLI's process
     * @param pids the file rocky's script appends its processes' ids to (absent if it never ran)
     */
    private static void killAll(Process cli, Path pids) throws IOException {
        cli.destroyForcibly();
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * @param signal {@code TERM}, {@code INT} or {@code HUP}
     * @return whether this process ignores the signal (bit {@code number - 1} of {@code SigIgn} in
     *     {@code /proc/self/status}), which the CLI it starts inherits: the JVM installs no handler
     *     for a shutdown signal that is ignored when it starts, so the CLI keeps ignoring it
     */
    private static boolean ignoredByThisProcess(String signal) throws IOException {
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> throw new IllegalArgumentException("no signal number for SIG" + signal);
        };
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private String trial(String signal, int round) throws IOException, InterruptedException {
        CliFixture fx = new CliFixture(dir.resolve(signal + "-" + round));
        Path pids = fx.project.resolve("pids");
        Path started = fx.project.resolve("started");
        fx.script("rocky-slow", String.join("\n",
                "echo $$ >> '" + pids + "'",
                "sleep 300 & echo $! >> '" + pids + "'",
                // a double fork: the grandchild's parent exits, so it leaves the process tree (not the group)
                "sh -c 'sleep 300 & echo $! >> \"" + pids + "\"' ",
                "touch '" + started + "'",
                "sleep 300"));
        fx.defs("binary_path: bin/rocky-slow");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--defs", fx.defs.toString(), "refresh")
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!Files.exists(started)) {
            killAll(cli, pids);
            return "rocky never started";
        }
        Thread.sleep(100);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
        boolean exited = cli.waitFor(10, TimeUnit.SECONDS);
        if (!exited) {
            // Read nothing first: the CLI holds its output pipe open while it runs, so a read would wait with it.
            killAll(cli, pids);
            return "the CLI did not exit";
        }
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<Long> alive = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
            alive.clear();
            for (String line : Files.readAllLines(pids)) {
                long pid = Long.parseLong(line.strip());
                if (running(pid)) {
                    alive.add(pid);
                }
            }
            if (!alive.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!alive.isEmpty() && System.nanoTime() < until);
        if (!alive.isEmpty()) {
            alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            return "left alive: " + alive.size() + " of " + Files.readAllLines(pids).size();
        }
        if (cli.exitValue() == 0) {
            return "exit 0";
        }
        if (!output.contains("rocky-component: interrupted: killed rocky discover (pid ")) {
            return "not reported: " + output.strip();
        }
        if (Files.exists(fx.stateFile())) {
            return "a state was written";
        }
        return "group killed, reported";
    }

    @Test
    void aTimeoutReturnsWithinASecondEvenWhenAnEscapedProcessHoldsThePipes() throws Exception {
        Path script = dir.resolve("rocky-escapes");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in --version) echo 'rocky 1.71.0'; exit 0;; esac\n"
                + "setsid sleep 30 &\nsleep 30\n");
        script.toFile().setExecutable(true);
        Duration budget = Duration.ofSeconds(1);
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults(script.toString(), dir).withTimeout(budget),
                new CommonsExecCommandRunner(), LogSink.NONE);
        long start = System.nanoTime();
        String outcome;
        try {
            cli.discover();
            outcome = "answered";
        } catch (RockyTimeoutException e) {
            outcome = "timeout";
        }
        long overshoot = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - budget.toMillis();
        Reliability.Tally tally = Reliability.tally("signals: timeout with an escaped pipe holder");
        if (outcome.equals("timeout") && overshoot <= 1000) {
            tally.pass("timeout within 1 s of the budget");
        } else {
            tally.fail(outcome + ", " + overshoot + " ms past the budget", "setsid sleep holds the pipes");
        }
        assertThat(outcome).isEqualTo("timeout");
        assertThat(overshoot).as("ms past the budget").isLessThanOrEqualTo(1000);
    }
}
