package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyBinaryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner against real processes (POSIX shell scripts). */
class CommonsExecCommandRunnerTest {

    @TempDir
    Path dir;

    private final CommonsExecCommandRunner runner = new CommonsExecCommandRunner();

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private CommandRequest request(Path program, Duration timeout, long cap, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return new CommandRequest("test", argv, dir, Map.of("ROCKY_SUPPRESS_DEPRECATION", "1"), timeout, cap);
    }

    @Test
    void readsStdoutAndStderrSeparatelyAndPassesArgumentsVerbatim() throws IOException {
        Path p = script("echo", "printf '%s|' \"$@\"; echo \"env=$ROCKY_SUPPRESS_DEPRECATION\"; echo oops >&2; exit 3");
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult r = runner.run(request(p, Duration.ofSeconds(20), 1 << 20, "a b", "--x=$HOME", "; rm -rf /"), lines::add);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("a b|--x=$HOME|; rm -rf /|env=1\n");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(lines).containsExactly("oops");
        assertThat(r.stderrTail()).containsExactly("oops");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void keepsTheLastTwentyStderrLines() throws IOException {
        Path p = script("noisy", "i=1; while [ $i -le 50 ]; do echo \"line $i\" >&2; i=$((i+1)); done");
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult r = runner.run(request(p, Duration.ofSeconds(20), 1 << 20), lines::add);
        assertThat(lines).hasSize(50);
        assertThat(r.stderrTail()).hasSize(20).startsWith("line 31").endsWith("line 50");
    }

    @Test
    void forwardsStderrLinesWhileTheProcessIsStillRunning() throws IOException {
        Path marker = dir.resolve("go");
        Path p = script("slow", "echo first >&2; while [ ! -f '" + marker + "' ]; do sleep 0.05; done; echo second >&2");
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult r = runner.run(request(p, Duration.ofSeconds(20), 1 << 20), line -> {
            lines.add(line);
            if (line.equals("first")) {
                try {
                    Files.writeString(marker, "");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertThat(lines).containsExactly("first", "second");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void killsTheProcessAndItsChildrenAtTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        Path p = script("hang", "sleep 300 & echo $! > '" + pids + "'; echo $$ >> '" + pids + "'; wait");
        long start = System.nanoTime();
        CommandResult r = runner.run(request(p, Duration.ofMillis(700), 1 << 20), l -> { });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.timedOut()).isTrue();
        assertThat(took).isLessThan(Duration.ofMillis(700).plusSeconds(2));
        assertThat(Files.readAllLines(pids)).hasSize(2);
        for (String pid : Files.readAllLines(pids)) {
            long id = Long.parseLong(pid.strip());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (running(id) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(running(id)).as("pid %d (the script or its sleeping child) survived the kill", id).isFalse();
        }
    }

    /**
     * Whether a process still runs. A killed process whose parent has not reaped it yet is a zombie
     * (state Z in /proc): it is dead, and in a container whose init does not reap it stays so.
     */
    private static boolean running(long pid) throws IOException {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        }
        return false;
    }

    @Test
    void killsAProcessWhoseStdoutPassesTheCap() throws IOException {
        Path p = script("flood", "while :; do echo 0123456789abcdef0123456789abcdef; done");
        CommandResult r = runner.run(request(p, Duration.ofSeconds(30), 64 * 1024), l -> { });
        assertThat(r.stdoutOverCap()).isTrue();
        assertThat(r.stdout().length).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void capsAVeryLongStderrLine() throws IOException {
        Path p = script("longline", "head -c 200000 /dev/zero | tr '\\0' 'x' >&2; echo >&2");
        List<String> lines = new CopyOnWriteArrayList<>();
        runner.run(request(p, Duration.ofSeconds(20), 1 << 20), lines::add);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).hasSizeLessThanOrEqualTo(StderrLineStream.MAX_LINE_BYTES + 1).endsWith("…");
    }

    @Test
    void aMissingBinaryIsNamed() {
        assertThatThrownBy(() -> runner.run(request(dir.resolve("nope/rocky"), Duration.ofSeconds(5), 1024), l -> { }))
                .isInstanceOfSatisfying(RockyBinaryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND);
                    assertThat(e.getMessage()).contains("nope/rocky").contains("binary_path");
                });
        assertThatThrownBy(() -> CommonsExecCommandRunner.resolveProgram("rocky-that-is-not-installed-anywhere", dir))
                .isInstanceOfSatisfying(RockyBinaryException.class, e -> assertThat(e.getMessage()).contains("PATH"));
    }

    @Test
    void aBinaryThatIsNotExecutableIsNamed() throws IOException {
        Path p = dir.resolve("rocky");
        Files.writeString(p, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> runner.run(request(p, Duration.ofSeconds(5), 1024), l -> { }))
                .isInstanceOfSatisfying(RockyBinaryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BINARY_NOT_EXECUTABLE);
                    assertThat(e.getMessage()).contains("chmod +x");
                });
    }
}
