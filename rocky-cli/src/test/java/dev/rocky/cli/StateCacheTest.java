package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.ComponentConfig;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.StateException;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.state.StateVersion;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.FakeRocky;
import dev.rocky.testkit.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state cache end to end: staleness, the hook, cold start, versions, DAG mode and the refresh lock. */
class StateCacheTest {

    @TempDir
    Path dir;

    private static Path defs(Path project, String... attributes) throws IOException {
        StringBuilder yaml = new StringBuilder("type: dagster_rocky.RockyComponent\nattributes:\n");
        for (String a : attributes) {
            yaml.append("  ").append(a).append('\n');
        }
        return Files.writeString(project.resolve("defs.yaml"), yaml.toString());
    }

    private static RockyComponent component(Path defs, FakeRocky rocky) {
        return component(new DefsYamlLoader(name -> null).load(defs), rocky);
    }

    private static RockyComponent component(ComponentConfig config, FakeRocky rocky) {
        return RockyComponent.builder(config).commandRunner(rocky).build();
    }

    @Test
    void theStaleWarningFiresWhenAModelSidecarChangesAndNotOtherwise() throws Exception {
        CliFixture fx = new CliFixture(dir);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run fresh = fx.cli("defs");
        assertThat(fresh.exitCode()).isZero();
        assertThat(fresh.err()).doesNotContain("stale");

        Path sidecar = fx.project.resolve("models/revenue_summary.toml");
        String original = Files.readString(sidecar);
        Files.writeString(sidecar, original);
        Files.setLastModifiedTime(sidecar, FileTime.fromMillis(1_000));
        assertThat(fx.cli("defs").err()).as("same bytes, new mtime").doesNotContain("stale");
        Files.writeString(fx.project.resolve("rocky-fake/unrelated.txt"), "not an input");
        assertThat(fx.cli("defs").err()).as("a file outside the inputs").doesNotContain("stale");

        Files.writeString(sidecar, original + "\n[freshness]\nmax_lag_seconds = 60\n");
        CliFixture.Run stale = fx.cli("defs");
        assertThat(stale.exitCode()).isZero();
        assertThat(stale.err()).contains("rocky-component: warning: the state at").contains("is stale: models changed since it was written");
        assertThat(fx.cli("validate").out()).contains("warn   freshness").contains("models changed");

        fx.defs("binary_path: bin/rocky", "fail_on_stale_state: true");
        CliFixture.Run refused = fx.cli("defs");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errLines()).singleElement().asString().contains("stale").contains("[STATE_STALE]");
        assertThat(fx.cli("validate").exitCode()).isEqualTo(1);

        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run after = fx.cli("defs");
        assertThat(after.exitCode()).isZero();
        assertThat(after.err()).doesNotContain("stale");
    }

    @Test
    void anEditInALinkedModelsDirectoryMakesTheStateStale() throws Exception {
        CliFixture fx = new CliFixture(dir);
        Path real = Files.move(fx.project.resolve("models"), Files.createDirectories(fx.project.resolve("src")).resolve("models"));
        Files.createSymbolicLink(fx.project.resolve("models"), real);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        assertThat(fx.cli("defs").err()).doesNotContain("stale");

        Path sidecar = real.resolve("revenue_summary.toml");
        Files.writeString(sidecar, Files.readString(sidecar) + "\n[freshness]\nmax_lag_seconds = 60\n");
        assertThat(fx.cli("defs").err()).as("edited through the link's target")
                .contains("is stale: models changed since it was written");
    }

    /**
     * A model rewritten in place with the same size and its modification time set back (as an
     * archive of fixed times unpacked over the last one writes it) makes the state stale: its change
     * time moved. The test first waits out the fingerprint's racy window, so every file's digest is
     * kept in the digest file, as a user's settled files are.
     */
    @Test
    void aModelRewrittenInPlaceWithItsTimeSetBackMakesTheStateStale() throws Exception {
        CliFixture fx = new CliFixture(dir);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        Thread.sleep(dev.rocky.state.ProjectFingerprint.RACY_WINDOW_MILLIS + 100); // every file settles
        assertThat(fx.cli("defs").err()).doesNotContain("stale");
        assertThat(fx.cli("defs").err()).as("the settled digests kept and taken").doesNotContain("stale");

        Path sidecar = fx.project.resolve("models/revenue_summary.toml");
        FileTime time = Files.getLastModifiedTime(sidecar);
        String original = Files.readString(sidecar);
        String retargeted = original.replace("schema = \"gold\"", "schema = \"gild\"");
        assertThat(retargeted).isNotEqualTo(original).hasSameSizeAs(original);
        Files.writeString(sidecar, retargeted);
        Files.setLastModifiedTime(sidecar, time);
        assertThat(fx.cli("defs").err()).as("same size, same modification time, new bytes")
                .contains("is stale: models changed since it was written");
    }

    @Test
    void theHookGetsTheStateFileAfterEachWriteAndItsFailureIsSwallowed() throws Exception {
        CliFixture fx = new CliFixture(dir);
        FakeRocky rocky = FakeRocky.forProject(fx.project).build();
        List<Path> pushed = new ArrayList<>();
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(fx.defs))
                .postStateWriteHook(pushed::add)
                .commandRunner(rocky)
                .build();
        component.refresh();
        assertThat(pushed).containsExactly(fx.stateFile());
        byte[] written = Files.readAllBytes(fx.stateFile());

        RockyComponent failing = RockyComponent.builder(new DefsYamlLoader().load(fx.defs))
                .postStateWriteHook(path -> {
                    throw new IOException("bucket unreachable");
                })
                .commandRunner(rocky)
                .build();
        assertThat(failing.refresh().warnings()).anySatisfy(w -> assertThat(w).contains("bucket unreachable"));
        assertThat(Files.exists(fx.stateFile())).isTrue();
        assertThat(failing.definitions().assets()).isNotEmpty();
        assertThat(written).isNotEmpty();
    }

    @Test
    void theHookCannotBeSetFromYaml() throws Exception {
        CliFixture fx = new CliFixture(dir);
        fx.defs("binary_path: bin/rocky", "post_state_write_hook: my.module.push");
        assertThatThrownBy(() -> new DefsYamlLoader().load(fx.defs)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("defs.yaml:4").contains("post_state_write_hook cannot be set in defs.yaml")
                        .contains("RockyComponent.builder(config).postStateWriteHook("));
        fx.defs("binary_path: bin/rocky", "post_state_write_hook: null");
        assertThat(new DefsYamlLoader().load(fx.defs).engine().binaryPath()).isEqualTo("bin/rocky");
    }

    @Test
    void discoverOnMissingStateRefreshesAtLoadOnlyWhenItApplies() throws Exception {
        FakeRocky.Builder project = FakeRocky.forBundledProject("01-replication-basics", dir);
        FakeRocky rocky = project.build();
        Path defs = defs(project.projectDir(), "discover_on_missing_state: true");

        ComponentConfig dev = new DefsYamlLoader(Map.of("ROCKY_COMPONENT_DEV", "1")::get).load(defs);
        assertThat(component(dev, rocky).definitions().assets()).as("no state and no cold start: the reference's empty graph")
                .isEmpty();
        assertThatThrownBy(() -> component(dev, rocky).loadExisting()).isInstanceOfSatisfying(StateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISSING));
        assertThat(rocky.invocations()).isEmpty();

        Definitions cold = component(defs, rocky).definitions();
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).contains("discover");
        assertThat(cold.asset(AssetKey.of("duckdb", "orders", "orders"))).isPresent();

        rocky.clearJournal();
        component(defs, rocky).definitions();
        assertThat(rocky.invocations()).as("the state exists now: no second refresh").isEmpty();
    }

    @Test
    void aFailedColdStartGivesAnEmptyGraphUnlessStrict() throws Exception {
        FakeRocky.Builder project = FakeRocky.forBundledProject("01-replication-basics", dir);
        FakeRocky rocky = project.withFailure("*", new Fault.ExitWith(2, "Error: config unreadable")).build();
        Path defs = defs(project.projectDir(), "discover_on_missing_state: true");
        RockyComponent.Load load = component(defs, rocky).load();
        assertThat(load.definitions().assets()).isEmpty();
        Path strictDefs = defs(project.projectDir(), "discover_on_missing_state: true", "strict_build: true",
                "state_path: other.redb", "defs_state: {key: strict}");
        assertThatThrownBy(() -> component(strictDefs, rocky).definitions()).isInstanceOf(RockyException.class)
                .hasMessageContaining("exit code 2");
    }

    @Test
    void versionedStateKeepsVersionsPinsTheOneLoadedAndRollsBack() throws Exception {
        CliFixture fx = new CliFixture(dir);
        fx.defs("binary_path: bin/rocky", "defs_state:", "  management_type: VERSIONED_STATE_STORAGE", "  keep_versions: 2",
                "  prune_grace_seconds: 0");
        assertThat(fx.cli("refresh").out()).contains(", version ");
        RockyComponent component = RockyComponent.create(new DefsYamlLoader().load(fx.defs));
        String first = component.versions().get(0).id();
        assertThat(component.definitions().stateVersion()).contains(first);
        assertThat(fx.cli("refresh").exitCode()).isZero();
        assertThat(fx.cli("refresh").exitCode()).isZero();
        List<StateVersion> versions = component.versions();
        assertThat(versions).hasSize(2).first().satisfies(v -> assertThat(v.latest()).isTrue());
        String latest = versions.get(0).id();
        String older = versions.get(1).id();
        assertThat(component.definitions().stateVersion()).contains(latest);

        CliFixture.Run listed = fx.cli("state", "versions");
        assertThat(listed.out()).contains("* " + latest).contains("  " + older);
        assertThat(fx.cli("state", "rollback", older).out()).contains("rolled back").contains(older);
        assertThat(component.definitions().stateVersion()).contains(older);
        CliFixture.Run unknown = fx.cli("state", "rollback", "00000000-0000-0000-0000-000000000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("kept versions").contains("[STATE_MISSING]");
        assertThat(Files.exists(fx.project.resolve(".defs_state_versions/RockyComponent__rocky.toml__/" + older))).isTrue();
    }

    @Test
    void stateVersionsOnALocalStateSaysHowToVersionIt() {
        CliFixture fx = new CliFixture(dir);
        CliFixture.Run run = fx.cli("state", "versions");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("VERSIONED_STATE_STORAGE").contains("[CONFIG_INVALID]");
    }

    @Test
    void dagModeWritesTheDagSlotAndBuildsTheConnectedGraph() throws Exception {
        FakeRocky.Builder project = FakeRocky.forBundledProject("07-dagster-dag-mode", dir);
        FakeRocky rocky = project.build();
        Path defs = defs(project.projectDir(), "dag_mode: true");
        RockyComponent component = component(defs, rocky);
        assertThat(component.refresh().slots()).contains("dag");
        // rocky 1.71 resolves each transformation pipeline's own models root, as dagster-rocky 1.63 runs it (#1348): no --models.
        assertThat(rocky.invocations()).anySatisfy(i -> assertThat(i.argv()).containsSequence("--output", "json", "dag", "--column-lineage"));
        // Two pipelines (ingest, transform): a bare discover is refused by the engine (registry.rs), so it is told which.
        assertThat(rocky.invocations()).anySatisfy(i -> assertThat(i.argv()).containsSequence("discover", "--pipeline", "ingest"));
        Definitions graph = component.definitions();
        assertThat(graph.assets()).extracting(a -> a.metadata().get("rocky/kind").toString()).anySatisfy(k -> assertThat(k).contains("transformation"));
        assertThat(graph.assets()).anySatisfy(a -> assertThat(a.deps()).isNotEmpty());
        for (AssetSpec a : graph.assets()) {
            assertThat(a.kinds()).startsWith("rocky");
        }
    }

    @Test
    void aFailedDagIsRecordedAndTheDagModeLoadRefusesWithItsReason() throws Exception {
        FakeRocky.Builder project = FakeRocky.forBundledProject("07-dagster-dag-mode", dir);
        FakeRocky rocky = project.withFailure("dag", new Fault.ExitWith(1, "Error: unresolved ref `stg_x`")).build();
        Path defs = defs(project.projectDir(), "dag_mode: true");
        RockyComponent component = component(defs, rocky);
        assertThat(component.refresh().warnings()).anySatisfy(w -> assertThat(w).contains("dag_status is 'failed'"));
        assertThat(component.state().recordedDagStatus()).contains("failed");
        assertThatThrownBy(component::definitions).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_UNUSABLE);
            assertThat(e.getMessage()).contains("unresolved ref `stg_x`");
        });
        Path strict = defs(project.projectDir(), "dag_mode: true", "strict_build: true");
        assertThatThrownBy(() -> component(strict, rocky).refresh()).isInstanceOf(RockyException.class);
    }

    @Test
    void theFingerprintComputedAlongsideTheLoadStillDecidesItsOutcome() throws Exception {
        FakeRocky.Builder project = FakeRocky.forBundledProject("07-dagster-dag-mode", dir);
        FakeRocky rocky = project.withFailure("dag", new Fault.ExitWith(1, "Error: unresolved ref `stg_x`")).build();
        component(defs(project.projectDir(), "dag_mode: true"), rocky).refresh();
        Files.writeString(project.projectDir().resolve("models/added.sql"), "select 1\n");
        RockyComponent strict = component(defs(project.projectDir(), "dag_mode: true", "fail_on_stale_state: true"), rocky);
        assertThatThrownBy(strict::definitions).as("stale and unusable: staleness is reported first, as before")
                .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_STALE));

        ComponentConfig config = new DefsYamlLoader(name -> null).load(defs(project.projectDir(), "dag_mode: false"));
        RockyComponent unreadable = RockyComponent.builder(config).commandRunner(rocky).inputFingerprint(() -> {
                throw new StateException(ErrorCode.STATE_IO, "cannot read models/secret.sql to fingerprint it", null);
            }).build();
        assertThatThrownBy(unreadable::definitions).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STATE_IO);
            assertThat(e.getMessage()).contains("models/secret.sql");
        });
    }

    @Test
    void aSecondRefreshFailsClearlyWhileARefreshInAnotherProcessHoldsTheLock() throws Exception {
        CliFixture fx = new CliFixture(dir);
        Path started = fx.project.resolve("started");
        fx.script("rocky-slow", "case \"$*\" in *discover*) touch '" + started + "'; sleep 3; cat '"
                + fx.project.resolve("rocky-fake/discover.json") + "';; *) exit 1;; esac");
        fx.defs("binary_path: bin/rocky-slow", "refresh_lock_wait_seconds: 0");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), RockyComponentCli.class.getName(),
                "--defs", fx.defs.toString(), "refresh").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        CliFixture.Run second = fx.cli("refresh");
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("the first refresh finishes, partial: its compile and optimize fail by design").isEqualTo(3);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.errLines()).singleElement().asString().contains("another refresh holds the lock")
                .contains("(pid " + first.pid()).contains("refresh_lock_wait_seconds").contains("[STATE_LOCKED]");
        assertThat(fx.cli("defs").exitCode()).as("the graph of the partial refresh").isEqualTo(3);
    }
}
