package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rocky binary that misbehaves as a real process: it hangs with children and grandchildren
 * holding its pipes, floods stderr with 100 MB, prints 500 MB on stdout, or is killed half way
 * through its JSON. Hangs are killed at the budget with the whole tree (checked in the process
 * table) and reported as timeouts within 2 s of it; floods run in a JVM capped at 64 MiB of heap,
 * so unbounded buffering would kill it.
 */
class ProcessFaultsTest {

    private static final String HEADER = "#!/bin/sh\ncase \"$1\" in --version) echo 'rocky 1.71.0'; exit 0;; esac\n";

    @TempDir
    Path dir;

    @Test
    void aHangingBinaryIsKilledWithItsChildrenAtTheBudget() throws Exception {
        int trials = Reliability.count(2, 20);
        Reliability.Tally tally = Reliability.tally("hang: killed with children at the budget");
        List<Long> overshootMillis = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            // A sleep length no other process has, to find the tree in the process table afterwards.
            String mark = "3600." + ProcessHandle.current().pid() + String.format("%03d", i);
            Path script = script("hang-" + i, String.join("\n",
                    "sleep " + mark + " &",
                    "sh -c 'sleep " + mark + " & sleep " + mark + " & wait' &",
                    "echo '{\"command\": \"discover\", ' # half a document, then nothing",
                    "sleep " + mark));
            Duration budget = Duration.ofMillis(1000 + 500L * (i % 5));
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
            overshootMillis.add(overshoot);
            List<String> survivors = survivors(mark, Duration.ofSeconds(2));
            if (!outcome.equals("timeout")) {
                tally.fail(outcome, "trial " + i);
            } else if (overshoot < -50 || overshoot > 2000) {
                tally.fail("reported " + overshoot + " ms past the budget", "trial " + i);
            } else if (!survivors.isEmpty()) {
                tally.fail("orphans left", "trial " + i + ": " + survivors);
            } else {
                tally.pass("timeout, no orphan");
            }
        }
        System.out.println("hang trials: overshoot past the budget (ms) " + overshootMillis);
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void floodsAndKillsMidOutputStayWithinASmallHeap() throws Exception {
        Path discover = dir.resolve("discover.json");
        Files.writeString(discover, RockyContract.read("fixtures/discover.json"));
        String half = RockyContract.read("fixtures/discover.json").substring(0, 150).replace("'", "");
        Map<String, String> bodies = Map.of(
                "stderr flood (100 MB)", "head -c 100000000 /dev/zero | tr '\\0' 'e' | fold -w 200 >&2\ncat '" + discover + "'",
                "stdout flood (500 MB)", "head -c 500000000 /dev/zero | tr '\\0' ' '\ncat '" + discover + "'",
                "killed mid-output", "printf '%s' '" + half + "'\nkill -9 $$");
        Map<String, String> expected = Map.of("stderr flood (100 MB)", "result 1 sources",
                "stdout flood (500 MB)", "typed " + ErrorCode.OUTPUT_TOO_LARGE,
                "killed mid-output", "typed " + ErrorCode.COMMAND_FAILED);
        int rounds = Reliability.count(1, 3);
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Reliability.Tally tally = Reliability.tally("flood: " + body.getKey());
            Path script = script(body.getKey().replaceAll("[^a-z]+", "-"), body.getValue());
            for (int r = 0; r < rounds; r++) {
                Map<String, String> trial = trial(script, 8L * 1024 * 1024);
                String outcome = trial.getOrDefault("outcome", "no outcome: " + trial);
                if (outcome.startsWith(expected.get(body.getKey())) && Long.parseLong(trial.get("peak-heap-mib")) <= 64) {
                    tally.pass(expected.get(body.getKey()));
                    System.out.println("flood trial (" + body.getKey() + "): peak heap " + trial.get("peak-heap-mib") + " MiB, "
                            + trial.get("elapsed-ms") + " ms, " + trial.get("stderr-lines") + " stderr lines");
                } else {
                    tally.fail(outcome.split(" ")[0], body.getKey() + ": " + trial);
                }
                if (body.getKey().startsWith("stdout")) {
                    assertThat(outcome).contains("max_stdout_mib");
                }
            }
            assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
        }
    }

    @Test
    void aValidHundredMegabyteStdoutUnderTheDefaultCapStaysWithinTheHeap() throws Exception {
        Reliability.Tally tally = Reliability.tally("flood: valid 100 MB stdout, default cap, 64 MiB heap");
        Path script = script("valid-100mb", "printf '{\"version\":\"1\",\"command\":\"discover\",\"sources\":[],\"x_pad\":\"'\n"
                + "head -c 100000000 /dev/zero | tr '\\0' 'a'\nprintf '\"}'");
        for (int r = 0; r < Reliability.count(1, 3); r++) {
            // The default cap (256 MiB) is far above the heap: the cap derived from the heap must answer, not the JVM.
            Map<String, String> trial = trial(script, 256L * 1024 * 1024);
            String outcome = trial.getOrDefault("outcome", "no outcome: " + trial);
            if (outcome.startsWith("typed " + ErrorCode.OUTPUT_TOO_LARGE) && Long.parseLong(trial.get("peak-heap-mib")) <= 64) {
                tally.pass("typed OUTPUT_TOO_LARGE");
                System.out.println("flood trial (valid 100 MB, default cap): peak heap " + trial.get("peak-heap-mib") + " MiB, "
                        + trial.get("elapsed-ms") + " ms");
                assertThat(outcome).contains("eighth of the heap");
            } else {
                tally.fail(outcome.split(" ")[0], "valid 100 MB: " + trial);
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void theStdoutCapIsSetInDefsYaml() {
        CliFixture fx = new CliFixture(dir.resolve("cap"));
        fx.script("rocky-big", "step=$(echo \"$*\" | sed 's/.* json //; s/ .*//')\nhead -c 2000000 /dev/zero | tr '\\0' ' '\n"
                + "cat '" + fx.project.resolve("rocky-fake") + "'/$step.json");
        fx.defs("binary_path: bin/rocky-big", "max_stdout_mib: 1", "strict_build: true");
        CliFixture.Run refresh = fx.cli("refresh");
        assertThat(refresh.exitCode()).isEqualTo(1);
        assertThat(refresh.errLines()).singleElement().asString().contains("more than 1048576 bytes")
                .contains("max_stdout_mib").endsWith("[OUTPUT_TOO_LARGE]");
        fx.defs("binary_path: bin/rocky-big", "max_stdout_mib: 2", "strict_build: true");
        assertThat(fx.cli("refresh").exitCode()).as("2 MB of padding fits under 2 MiB").isZero();
        for (String bad : List.of("0", "4097", "lots")) {
            fx.defs("binary_path: bin/rocky-big", "max_stdout_mib: " + bad);
            CliFixture.Run run = fx.cli("refresh");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).singleElement().asString().contains("max_stdout_mib").endsWith("[CONFIG_INVALID]");
        }
    }

    /** Runs {@link FloodTrial} in a JVM with a 64 MiB heap and reads its report lines. */
    private Map<String, String> trial(Path script, long cap) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), FloodTrial.class.getName(), script.toString(),
                dir.toString(), Long.toString(cap)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.contains(" ")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')),
                l -> l.substring(l.indexOf(' ') + 1), (a, b) -> b));
    }

    /** Processes whose command line has the mark, still running (a zombie is dead), after a grace period. */
    private static List<String> survivors(String mark, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> alive;
        do {
            alive = ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false)
                            || h.info().arguments().map(a -> List.of(a).contains(mark)).orElse(false))
                    .filter(ProcessFaultsTest::notZombie)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                    .toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return alive;
    }

    private static boolean notZombie(ProcessHandle h) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone already
        }
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, HEADER + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
