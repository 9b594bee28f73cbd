package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.testkit.FakeRockyExecutable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's false greens, each as a user meets it: every one of these said "ok" (exit 0, an empty
 * graph, {@code valid}) or {@code internal error} before, where nothing asked for was done or the
 * mistake was the user's.
 */
class NoFalseGreensTest {

    @TempDir
    Path dir;

    private static long warningLines(CliFixture.Run run) {
        return run.errLines().stream().filter(l -> l.startsWith("rocky-component: warning: ")).count();
    }

    @Test
    void aMissingBinaryFailsTheFirstRefreshAndWritesNothing() {
        CliFixture fx = new CliFixture(dir);
        fx.defs("binary_path: bin/not-there");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("rocky-component: error: ")
                .contains("bin/not-there", "does not exist", "binary_path").endsWith("[BINARY_NOT_FOUND]");
        assertThat(run.out()).doesNotContain("refreshed");
        assertThat(fx.stateFile()).doesNotExist();
        CliFixture.Run defs = fx.cli("defs");
        assertThat(defs.exitCode()).isEqualTo(1);
        assertThat(defs.err()).contains("[STATE_MISSING]");
    }

    @Test
    void aMissingConfigFailsBeforeAnyCommandRuns() {
        CliFixture fx = new CliFixture(dir);
        fx.defs("binary_path: bin/rocky", "config_path: missing.toml");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("missing.toml does not exist", "config_path")
                .endsWith("[CONFIG_INVALID]");
        assertThat(fx.journal).as("the fake was never started").doesNotExist();
        assertThat(fx.stateFile()).doesNotExist();
    }

    @Test
    void aConfigThatIsNotARegularFileIsRefusedBeforeRockyCouldBlockOnIt() {
        CliFixture fx = new CliFixture(dir);
        for (String config : List.of("/dev/zero", "models")) {
            fx.defs("binary_path: bin/rocky", "config_path: " + config);
            CliFixture.Run run = fx.cli("refresh");
            assertThat(run.exitCode()).as(config).isEqualTo(1);
            assertThat(run.errLines()).singleElement().asString().contains("is not a regular file").endsWith("[CONFIG_INVALID]");
        }
        assertThat(fx.journal).doesNotExist();
    }

    @Test
    void aRefreshWhoseEveryCommandFailsExitsOneAndLeavesTheStateAsItWas() throws IOException {
        CliFixture fx = new CliFixture(dir);
        fx.recordedScript("recorded");
        fx.defs("binary_path: bin/recorded");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        byte[] good = Files.readAllBytes(fx.stateFile());

        fx.recordedScript("broken", "discover", "compile", "optimize");
        fx.defs("binary_path: bin/broken");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(warningLines(run)).isEqualTo(3);
        assertThat(run.errLines().get(run.errLines().size() - 1)).startsWith("rocky-component: error: every rocky command failed, "
                + "so nothing was written").contains("discover broke", "compile broke", "optimize broke").endsWith("[COMMAND_FAILED]");
        assertThat(Files.readAllBytes(fx.stateFile())).isEqualTo(good);
    }

    @Test
    void aPartialRefreshExitsThreeAndTheGraphBuiltFromItToo() {
        CliFixture fx = new CliFixture(dir);
        fx.recordedScript("half", "compile", "optimize");
        fx.defs("binary_path: bin/half");
        CliFixture.Run run = fx.cli("refresh");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).startsWith("refreshed partially ").contains("1 sources", "failed: compile, optimize");
        assertThat(run.errLines()).containsExactly(
                run.errLines().get(0), run.errLines().get(1),
                "rocky-component: partial: 2 of the things asked for were not done (the warnings above say which); exit 3");
        assertThat(warningLines(run)).isEqualTo(2);

        CliFixture.Run defs = fx.cli("defs");
        assertThat(defs.exitCode()).isEqualTo(3);
        assertThat(defs.out()).contains("1 asset in 1 group");
        assertThat(defs.errLines()).singleElement().asString().contains("the state's last refresh had failures");
    }

    @Test
    void validateFailsOnAStateWhoseDiscoverFailed() {
        CliFixture fx = new CliFixture(dir);
        fx.recordedScript("nodiscover", "discover");
        fx.defs("binary_path: bin/nodiscover");
        CliFixture.Run refresh = fx.cli("refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isEqualTo(3);
        assertThat(refresh.out()).contains("0 sources");

        CliFixture.Run validate = fx.cli("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("error  discover    rocky discover failed at the last refresh").contains("1 problem found")
                .doesNotContain("\nvalid");
        CliFixture.Run defs = fx.cli("defs");
        assertThat(defs.exitCode()).isEqualTo(3);
        assertThat(defs.out()).contains("0 assets");
    }

    @Test
    void validateFailsOnAnEmptyDiscoverSlot() {
        CliFixture fx = new CliFixture(dir);
        fx.script("empty", "case \"$*\" in *discover*) echo '{\"version\":\"1.71.0\",\"command\":\"discover\",\"sources\":[]}';; "
                + "*) cat '" + fx.project.resolve("rocky-fake/compile.json") + "';; esac");
        fx.defs("binary_path: bin/empty", "surface_optimize_metadata: false");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run validate = fx.cli("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("error  discover    the discover slot lists no source");
    }

    @Test
    void materializeOnAnEmptyGraphIsAUserErrorNotAnInternalOne() {
        CliFixture fx = new CliFixture(dir);
        fx.recordedScript("nodiscover", "discover");
        fx.defs("binary_path: bin/nodiscover");
        assertThat(fx.cli("refresh").exitCode()).isEqualTo(3);
        CliFixture.Run run = fx.cli("materialize");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("internal error");
        assertThat(run.errLines()).filteredOn(l -> l.startsWith("rocky-component: error: ")).singleElement().asString()
                .contains("nothing to materialize: the graph has no assets").endsWith("[CONFIG_INVALID]");
        assertThat(run.errLines()).filteredOn(l -> l.contains("the state's last refresh had failures")).hasSize(1);
    }

    @Test
    void testkitInstallOntoAFileIsAUserError() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliFixture.Run run = CliFixture.cli(dir.resolve("defs.yaml"), "testkit", "install", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("is a file, not a directory").endsWith("[CONFIG_INVALID]");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void theInstalledFakeSaysTheConfigIsMissingNotThatARecordingIs() throws Exception {
        Path launcher = FakeRockyExecutable.install(dir.resolve("kit"), Optional.empty(), Optional.empty(), Optional.empty());
        Path empty = Files.createDirectories(dir.resolve("not-a-project"));
        Process p = new ProcessBuilder(launcher.toString(), "--config", "rocky.toml", "--output", "json", "discover")
                .directory(empty.toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err).contains("cannot read the rocky config " + empty.toRealPath().resolve("rocky.toml"))
                .doesNotContain("no recording");
    }

    @Test
    void anInstalledFakeKeepsWorkingWhenItsDirectoryMoves() throws Exception {
        CliFixture fx = new CliFixture(dir.resolve("fx"));
        CliFixture.Run install = CliFixture.cli(fx.defs, "testkit", "install", dir.resolve("kit").toString());
        assertThat(install.exitCode()).as(install.err()).isZero();
        Path moved = Files.move(dir.resolve("kit"), dir.resolve("elsewhere"));
        Process p = new ProcessBuilder(moved.resolve("rocky").toString(), "--config", "rocky.toml", "--output", "json", "discover")
                .directory(fx.project.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).containsPattern("\"command\":\\s*\"discover\"").contains("\"sources\"");
    }

    @Test
    void aCopiedExampleFindsTheTestkitThroughTheLauncherOrSaysWhereItLooked() throws Exception {
        Path kit = dir.resolve("kit");
        FakeRockyExecutable.install(kit, Optional.empty(), Optional.empty(), Optional.empty());
        try (var jars = Files.list(kit.resolve("lib"))) {
            Assumptions.assumeTrue(jars.anyMatch(j -> j.getFileName().toString().startsWith("rocky-testkit-")),
                    "the testkit is a jar only when the reactor has packaged it (mvn verify)");
        } catch (java.nio.file.NoSuchFileException e) {
            Assumptions.abort("the testkit runs from class folders here");
        }
        Path copy = dir.resolve("copied-example");
        CliFixture.copyTree(Path.of("..", "examples", "replication-basics"), copy, ".local_defs_state");
        ProcessBuilder pb = new ProcessBuilder(copy.resolve("rocky-fake/rocky").toString(), "--config", "rocky.toml", "--output",
                "json", "discover").directory(copy.toFile());
        pb.environment().remove("ROCKY_TESTKIT_LIB");
        Process lost = pb.start();
        String lostErr = new String(lost.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lost.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lost.exitValue()).isEqualTo(127);
        assertThat(lostErr).contains("cannot find the rocky-testkit jars", "ROCKY_TESTKIT_LIB");

        pb.environment().put("ROCKY_TESTKIT_LIB", kit.resolve("lib").toString());
        Process found = pb.start();
        String out = new String(found.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(found.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(found.exitValue()).isZero();
        assertThat(out).containsPattern("\"command\":\\s*\"discover\"");
    }
}
