package dev.rocky.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.component.RockyComponent;
import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.spec.Definitions;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated state files, loaded by the component: states written by real refreshes of bundled
 * projects (with every optional slot: compile, optimize, dag, column lineage, compliance,
 * retention) damaged by {@link JsonMutator} and loaded through {@link RockyComponent#load()},
 * which decodes the state, checks its fingerprint and builds the graph. Each case must end in a
 * graph or a typed error within 10 s. 400 cases in the default build, 10,000 under
 * {@code -Preliability}; {@code -Drocky.fuzz.seed=N} starts from another seed.
 */
class StateFileFuzzTest {

    private static final long BASE_SEED = Long.getLong("rocky.fuzz.seed", 0x5EED_0002L);

    @TempDir
    Path dir;

    /** A component whose state file the cases overwrite, and the state it wrote. */
    record Seed(String name, RockyComponent component, Path stateFile, byte[] bytes) {
    }

    @Test
    void everyMutatedStateEndsInAGraphOrATypedError() throws Exception {
        List<Seed> seeds = List.of(
                seed("01-replication-basics", "surface_configured_checks: true"),
                seed("07-dagster-dag-mode", "dag_mode: true", "surface_column_lineage: true", "column_lineage_at: refresh"),
                seed("01-lineage-column-level", "surface_derived_models: true", "surface_column_lineage: true",
                        "column_lineage_at: refresh"),
                seed("05-classification-masking-compliance", "surface_compliance: true", "surface_derived_models: true"),
                seed("06-retention-policies", "surface_retention_status: true", "surface_derived_models: true"),
                seed("03-partition-checksum", "surface_derived_models: true"));
        Reliability.Tally tally = Reliability.tally("fuzz: mutated state file");
        int cases = Reliability.count(400, 10_000);
        try (CaseRunner runner = new CaseRunner(tally, Duration.ofSeconds(10))) {
            for (int i = 0; i < cases; i++) {
                Seed seed = seeds.get(i % seeds.size());
                JsonMutator.Mutant mutant = JsonMutator.mutate(seed.bytes(), BASE_SEED + i);
                Files.write(seed.stateFile(), mutant.bytes());
                runner.run(mutant.describe(seed.name()), () -> {
                    Definitions defs = seed.component().definitions();
                    return defs.assets().isEmpty() ? "empty graph" : "graph";
                });
            }
        }
        assertThat(tally.failures()).as("%s", tally.failureExamples()).isZero();
    }

    private Seed seed(String project, String... attributes) throws IOException {
        Path work = Files.createDirectories(dir.resolve(project + "-" + attributes.length));
        FakeRocky rocky = FakeRocky.forBundledProject(project, work).build();
        Path defs = work.resolve(project).resolve("defs.yaml");
        List<String> lines = new ArrayList<>(List.of("type: dagster_rocky.RockyComponent", "attributes:", "  models_dir: models"));
        for (String a : attributes) {
            lines.add("  " + a);
        }
        Files.writeString(defs, String.join("\n", lines) + "\n");
        RockyComponent component = RockyComponent.builder(new DefsYamlLoader().load(defs)).commandRunner(rocky)
                .logSink(LogSink.NONE).build();
        component.refresh();
        assertThat(component.definitions().assets()).as(project).isNotEmpty();
        Path state = Path.of(component.stateLocation());
        return new Seed(project, component, state, Files.readAllBytes(state));
    }
}
