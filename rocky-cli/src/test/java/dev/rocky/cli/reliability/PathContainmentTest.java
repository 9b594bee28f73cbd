package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.cli.CliFixture;
import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.state.TomlModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component reads nothing outside its project and writes its state nowhere but its state
 * directory: {@code models_dir}/{@code contracts_dir} leaving the project by {@code ..}, an
 * absolute path or a symbolic link are refused; links inside the models directory are not
 * followed (so a link out is ignored and a link loop ends); state keys are sanitised and a
 * version pointer naming a path is refused.
 */
class PathContainmentTest {

    @TempDir
    Path dir;

    @Test
    void modelsAndContractsDirectoriesOutsideTheProjectAreRefused() throws IOException {
        CliFixture fx = new CliFixture(dir);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(fx.project.resolve("models-link"), outside);
        Reliability.Tally tally = Reliability.tally("paths: directories outside the project refused");
        for (String attribute : List.of("models_dir", "contracts_dir", "plugins_dir")) {
            for (String value : List.of("../outside", "models/../../outside", outside.toString(), "models-link")) {
                fx.defs("binary_path: bin/rocky", attribute + ": \"" + value + "\"");
                try {
                    new DefsYamlLoader().load(fx.defs);
                    tally.fail("accepted", attribute + ": " + value);
                } catch (ConfigException e) {
                    assertThat(e.getMessage()).contains(attribute).containsAnyOf("outside the project", "symbolic link");
                    tally.pass("refused");
                }
            }
        }
        fx.defs("binary_path: bin/rocky", "models_dir: models/.././models");
        assertThat(new DefsYamlLoader().load(fx.defs).engine().modelsDir()).isEqualTo("models/.././models");
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    @Test
    void theModelWalkFollowsNoLinkOutAndEndsOnLinkLoops() throws IOException {
        CliFixture fx = new CliFixture(dir);
        Path models = fx.project.resolve("models");
        List<String> before = names(new TomlModelCatalog().models(models));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("stolen.toml"), "name = \"stolen\"\n");
        Files.createSymbolicLink(models.resolve("escape"), outside);
        Files.createSymbolicLink(models.resolve("leak.toml"), outside.resolve("stolen.toml"));
        Files.createSymbolicLink(models.resolve("loop"), models);
        Files.createSymbolicLink(models.resolve("up"), fx.project);
        Files.createDirectories(models.resolve("deep/er"));
        Files.createSymbolicLink(models.resolve("deep/er/back"), models.resolve("deep"));
        Reliability.Tally tally = Reliability.tally("paths: links out and link loops in models_dir");

        assertThat(names(new TomlModelCatalog().models(models))).isEqualTo(before).doesNotContain("stolen", "leak");
        tally.pass("model walk stays inside");

        assertThat(fx.cli("refresh").exitCode()).isZero();
        RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));
        assertThat(component.staleness(component.state())).isEmpty();
        Files.writeString(outside.resolve("stolen.toml"), "name = \"changed outside\"\n");
        assertThat(component.staleness(component.state())).as("a file outside the project is not an input").isEmpty();
        tally.pass("fingerprint stays inside");
        CliFixture.Run defs = fx.cli("defs");
        assertThat(defs.exitCode()).isZero();
        assertThat(defs.out()).doesNotContain("stolen");
        tally.pass("load survives the loops");
    }

    @Test
    void stateKeysAndVersionPointersCannotLeaveTheStateDirectory() throws IOException {
        CliFixture fx = new CliFixture(dir);
        Reliability.Tally tally = Reliability.tally("paths: state keys stay in the state directory");
        for (String key : List.of("../../escape", "/etc/escape", "..", ".", "a/../../b", "x\\\\..\\\\y")) {
            for (String type : List.of("LOCAL_FILESYSTEM", "VERSIONED_STATE_STORAGE")) {
                fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: " + type, "  key: \"" + key + "\"");
                CliFixture.Run refresh = fx.cli("refresh");
                assertThat(refresh.exitCode()).as(refresh.err()).isZero();
                RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));
                Path written = Path.of(component.stateLocation()).toAbsolutePath().normalize();
                Path root = fx.project.resolve(type.equals("LOCAL_FILESYSTEM") ? ".local_defs_state" : ".defs_state_versions");
                Path relative = root.relativize(written);
                int depth = type.equals("LOCAL_FILESYSTEM") ? 2 : 1; // <key>/state, or the key's version directory
                if (written.startsWith(root) && relative.getNameCount() == depth && !relative.getName(0).toString().equals("..")) {
                    tally.pass("inside");
                } else {
                    tally.fail("escaped", key + " → " + written);
                }
            }
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("project");
        }

        fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  key: pointer");
        assertThat(fx.cli("refresh").exitCode()).isZero();
        Path keyDir = fx.project.resolve(".defs_state_versions/pointer");
        Path pointer = keyDir.resolve(dev.rocky.state.DirectoryVersionStorage.POINTER);
        assertThat(pointer).exists();
        RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));
        for (String target : List.of("../../../../etc/passwd", "/etc/passwd", "../pointer/" + Files.readString(pointer).strip())) {
            Files.writeString(pointer, target + "\n");
            assertThatThrownBy(component::definitions).isInstanceOfSatisfying(StateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPT)).hasMessageContaining("rollback");
            tally.pass("pointer to a path refused");
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    private static List<String> names(List<ModelSidecar> models) {
        return models.stream().map(ModelSidecar::name).toList();
    }
}
