package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure: exit 1, one readable line on stderr naming what failed and what to do, and the
 * state written by an earlier good refresh left byte for byte as it was.
 */
class CliFailurePathsTest {

    @TempDir
    Path dir;

    private CliFixture fx;
    private byte[] goodState;

    @BeforeEach
    void writeAGoodStateFirst() throws IOException {
        fx = new CliFixture(dir);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        goodState = Files.readAllBytes(fx.stateFile());
    }

    private void assertRefreshFails(String... expected) throws IOException {
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).as(run.err()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("rocky-component: error: ").contains(expected);
        assertThat(Files.readAllBytes(fx.stateFile())).isEqualTo(goodState);
        try (var files = Files.list(fx.stateFile().getParent())) {
            // file-digests, the input fingerprint's content hashes, is not state: a refresh keeps it once it has hashed
            // input files older than 2 s, which on a slow machine this second refresh has (as RefreshKillTest allows)
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("file-digests")))
                    .as("nothing but the state and its lock: no temporary file, no second state")
                    .containsExactlyInAnyOrder("state", "refresh.lock");
        }
        assertThat(fx.cli("defs").exitCode()).isZero();
    }

    @Test
    void binaryMissing() throws IOException {
        fx.defs("binary_path: bin/not-there", "strict_build: true");
        assertRefreshFails("bin/not-there", "does not exist", "binary_path", "[BINARY_NOT_FOUND]");
    }

    @Test
    void binaryNotExecutable() throws IOException {
        Path p = fx.script("rocky-noexec", "echo {}");
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        fx.defs("binary_path: bin/rocky-noexec", "strict_build: true");
        assertRefreshFails("not executable", "chmod +x", "[BINARY_NOT_EXECUTABLE]");
    }

    @Test
    void timeoutKillsTheProcess() throws IOException {
        Path pid = fx.project.resolve("hung.pid");
        fx.script("rocky-hangs", "echo $$ > '" + pid + "'; sleep 60");
        fx.defs("binary_path: bin/rocky-hangs", "timeout_seconds: 1", "strict_build: true");
        assertRefreshFails("rocky discover did not finish within 1 s", "killed", "timeout_seconds", "[TIMEOUT]");
        long hung = Long.parseLong(Files.readString(pid).strip());
        assertThat(ProcessHandle.of(hung).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void exitOneWithEmptyStdout() throws IOException {
        fx.script("rocky-fails", "echo 'Error: adapter duckdb: cannot open playground.duckdb' >&2; exit 1");
        fx.defs("binary_path: bin/rocky-fails", "strict_build: true");
        assertRefreshFails("rocky discover failed with exit code 1", "Error: adapter duckdb: cannot open playground.duckdb",
                "[COMMAND_FAILED]");
    }

    @Test
    void stdoutThatIsNotJson() throws IOException {
        fx.script("rocky-chatty", "echo 'Discovering sources...'");
        fx.defs("binary_path: bin/rocky-chatty", "strict_build: true");
        assertRefreshFails("printed stdout that is not JSON", "[OUTPUT_NOT_JSON]");
    }

    @Test
    void schemaMismatch() throws IOException {
        fx.script("rocky-drifted", "echo '{\"version\":\"2.0.0\",\"command\":\"discover\",\"sources\":[{\"id\":\"a\",\"components\":{},"
                + "\"source_type\":\"duckdb\",\"tables\":[{\"rows\":1}]}]}'");
        fx.defs("binary_path: bin/rocky-drifted");
        assertRefreshFails("rocky discover output does not match its schema at $.sources[0].tables[0].name", "[SCHEMA_MISMATCH]");
    }

    @Test
    void aSchemaMismatchInCompileFailsTheRefreshToo() throws IOException {
        fx.script("rocky-bad-compile", "case \"$*\" in *discover*) cat '" + fx.project.resolve("rocky-fake/discover.json")
                + "';; *) echo '{\"version\":\"1\",\"command\":\"compile\",\"models\":\"three\"}';; esac");
        fx.defs("binary_path: bin/rocky-bad-compile");
        assertRefreshFails("rocky compile output does not match its schema", "[SCHEMA_MISMATCH]");
    }

    @Test
    void aFailingCompileIsBestEffort() throws IOException {
        fx.script("rocky-no-compile", "case \"$*\" in *discover*) cat '" + fx.project.resolve("rocky-fake/discover.json")
                + "';; *) echo 'Error: no' >&2; exit 1;; esac");
        fx.defs("binary_path: bin/rocky-no-compile");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as("partial: compile and optimize failed").isEqualTo(3);
        assertThat(run.out()).startsWith("refreshed partially").contains("slots discover, compile, optimize (");
        assertThat(run.err()).contains("rocky-component: warning: rocky compile failed, so the previous state's 'compile' slot is kept");
        assertThat(fx.cli("validate").out()).contains("1 tables, compile, optimize, dag_status disabled, failed at refresh: compile, optimize)");
    }

    @Test
    void withoutStrictBuildAFailingDiscoverKeepsThePreviousDiscoverSlotAndWarns() throws IOException {
        fx.script("rocky-fails", "case \"$*\" in *discover*) echo 'Error: adapter duckdb: cannot open playground.duckdb' >&2; "
                + "exit 1;; *compile*) cat '" + fx.project.resolve("rocky-fake/compile.json") + "';; *) cat '"
                + fx.project.resolve("rocky-fake/optimize.json") + "';; esac");
        fx.defs("binary_path: bin/rocky-fails");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("1 sources, 1 tables").contains("failed: discover");
        assertThat(run.err()).contains("rocky discover failed, so the previous state's discover slot (1 sources) is kept")
                .contains("cannot open playground.duckdb");
        String state = Files.readString(fx.stateFile());
        assertThat(state).contains("\"carried_forward\":[\"discover\"]").contains("\"slot_errors\"");
        CliFixture.Run defs = fx.cli("defs", "--format", "json");
        assertThat(defs.exitCode()).as("built from a partial refresh").isEqualTo(3);
        assertThat(defs.out()).contains("\"key\"");
    }

    @Test
    void withoutStrictBuildAndWithoutAnEarlierStateAFailingDiscoverWritesAnEmptyOne() throws IOException {
        Files.delete(fx.stateFile());
        fx.script("rocky-fails", "case \"$*\" in *discover*) echo 'Error: no warehouse' >&2; exit 1;; *compile*) cat '"
                + fx.project.resolve("rocky-fake/compile.json") + "';; *) cat '" + fx.project.resolve("rocky-fake/optimize.json")
                + "';; esac");
        fx.defs("binary_path: bin/rocky-fails");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("0 sources, 0 tables");
        assertThat(run.err()).contains("an empty discover slot is written").contains("strict_build");
        assertThat(Files.readString(fx.stateFile())).contains("\"discover\":{\"version\":\"0.0.0\",\"command\":\"discover\",\"sources\":[]}");
        assertThat(fx.cli("defs").exitCode()).isEqualTo(3);
        fx.defs("binary_path: bin/rocky-fails", "strict_build: true");
        assertFails("defs", "could not run rocky discover", "Error: no warehouse", "strict_build", "[STATE_UNUSABLE]");
    }

    private void assertDefsFails(String... expected) {
        assertFails("defs", expected);
    }

    private void assertFails(String command, String... expected) {
        CliFixture.Run run = fx.cli(command);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("rocky-component: error: ").contains(expected);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void corruptState() throws IOException {
        Files.writeString(fx.stateFile(), "this is not a state file");
        assertDefsFails("is not a valid state document", "run `rocky-component refresh` to rewrite it", "[STATE_CORRUPT]");
    }

    @Test
    void truncatedState() throws IOException {
        Files.write(fx.stateFile(), Arrays.copyOf(goodState, goodState.length / 2));
        assertDefsFails(fx.stateFile().toString(), "is not a valid state document", "[STATE_CORRUPT]");
    }

    @Test
    void stateOfTheWrongShape() throws IOException {
        Files.writeString(fx.stateFile(), "{\"format_version\":1,\"dag_status\":\"disabled\",\"discover\":{\"version\":\"1\","
                + "\"command\":\"discover\",\"sources\":[{\"id\":\"a\"}]}}");
        assertDefsFails("$.discover.sources[0]", "[STATE_CORRUPT]");
    }

    @Test
    void stateFromANewerFormat() throws IOException {
        Files.writeString(fx.stateFile(), "{\"format_version\":99,\"discover\":{}}");
        assertDefsFails("format_version 99", "upgrade rocky-java", "[STATE_CORRUPT]");
    }

    @Test
    void stateMissing() throws IOException {
        Files.delete(fx.stateFile());
        assertDefsFails("no state at", "run `rocky-component refresh`", "[STATE_MISSING]");
    }

    @Test
    void unknownAttributeIsNamedWithItsLine() {
        fx.defs("binary_path: bin/rocky", "modles_dir: models");
        assertFails("defs", "defs.yaml:4", "unknown attribute 'modles_dir'",
                "accepted: binary_path, config_path, state_path, state_namespace, models_dir", "[CONFIG_INVALID]");
    }

    @Test
    void wrongAttributeTypeIsNamed() {
        fx.defs("binary_path: bin/rocky", "timeout_seconds: soon");
        assertFails("refresh", "defs.yaml:4", "timeout_seconds must be a whole number", "[CONFIG_INVALID]");
    }

    @Test
    void missingDefsFileIsNamed() throws IOException {
        Files.delete(fx.defs);
        assertFails("defs", "no defs.yaml at", "--defs", "[CONFIG_INVALID]");
    }
}
