package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.cli.CliFixture;
import dev.rocky.component.RockyComponent;
import dev.rocky.cli.RockyComponentCli;
import dev.rocky.component.config.DefsYamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state cannot be written: its directory is read-only, or the file system refuses the bytes
 * (a file-size limit, {@code ulimit -f}, makes every write past a few KiB fail with
 * {@code EFBIG}, as a full disk fails with {@code ENOSPC}). {@code rocky-component refresh} runs
 * in its own process; it must exit 1 with one {@code STATE_IO} line that says the previous state
 * (or current version) is intact, leave that state byte for byte, and leave no temporary file — for the plain state
 * file and for versioned storage. When the tests run as root, the process runs without the
 * capabilities that let root ignore permissions ({@code setpriv}).
 */
class DiskFaultsTest {

    @TempDir
    Path dir;

    @Test
    void aReadOnlyStateDirectoryFailsClearlyAndKeepsThePreviousState() throws Exception {
        run("disk: read-only state directory", (fx, stateDir) -> {
            setWritable(stateDir, false);
            try {
                return refresh(fx, List.of());
            } finally {
                setWritable(stateDir, true);
            }
        });
    }

    @Test
    void aWriteTheFileSystemRefusesFailsClearlyAndKeepsThePreviousState() throws Exception {
        run("disk: write refused (EFBIG, file-size limit)", (fx, stateDir) -> refresh(fx, List.of("sh", "-c",
                "ulimit -f 4 && exec \"$0\" \"$@\"")));
    }

    interface Fault {
        String inject(CliFixture fx, Path stateDir) throws Exception;
    }

    private void run(String category, Fault fault) throws Exception {
        Reliability.Tally tally = Reliability.tally(category);
        int trials = Reliability.count(1, 5);
        for (String management : List.of("LOCAL_FILESYSTEM", "VERSIONED_STATE_STORAGE")) {
            for (int i = 0; i < trials; i++) {
                CliFixture fx = new CliFixture(dir.resolve(management + i));
                fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: " + management);
                assertThat(fx.cli("refresh").exitCode()).isZero();
                RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));
                Path state = Path.of(component.stateLocation());
                Path stateDir = Files.isDirectory(state) ? state : state.getParent();
                List<String> before = snapshot(stateDir);
                String written = component.state().writtenAt().orElseThrow().toString();

                String out = fault.inject(fx, stateDir);

                List<String> after = snapshot(stateDir);
                String loaded = RockyComponent.create(new DefsYamlLoader().load(fx.defs)).state().writtenAt().orElseThrow().toString();
                if (!out.startsWith("exit 1\n")) {
                    tally.fail("refresh did not fail", management + ": " + out);
                } else if (!out.contains("[STATE_IO]") || !out.contains("intact") || out.lines().filter(
                        l -> l.startsWith("rocky-component: error:")).count() != 1) {
                    tally.fail("unclear error", management + ": " + out);
                } else if (!after.equals(before) || !loaded.equals(written)) {
                    tally.fail("previous state changed", management + ": " + before + " → " + after);
                } else {
                    tally.pass("STATE_IO, previous state intact");
                }
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    /** Names and bytes of every file under the state directory, so any change or leftover shows. */
    private static List<String> snapshot(Path stateDir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            // Lock files record their last holder, and file-digests the input files' content hashes
            // (written when the refresh fingerprints its inputs, before it fails): neither is state.
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock"))
                    .filter(f -> !f.getFileName().toString().equals("file-digests")).sorted().toList()) {
                out.add(stateDir.relativize(f) + " " + Arrays.hashCode(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private static void setWritable(Path dir, boolean writable) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(writable ? "rwxr-xr-x" : "r-xr-xr-x"));
    }

    /** Runs {@code refresh} in its own JVM, behind {@code prefix}, and returns "exit N" and its output. */
    private static String refresh(CliFixture fx, List<String> prefix) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (isRoot()) {
            argv.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        argv.addAll(prefix);
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(), "--defs", fx.defs.toString(),
                "refresh"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
