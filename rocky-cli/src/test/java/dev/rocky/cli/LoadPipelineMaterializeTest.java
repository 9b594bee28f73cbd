package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code type = "load"} pipeline in DAG mode, end to end through the CLI and the project-model
 * fake: its one {@code load} node (rocky-core unified_dag.rs, {@code PipelineConfig::Load}) runs as
 * {@code rocky run --pipeline <name>}, which the engine hands to {@code rocky load} (rocky-cli
 * run.rs), so the run prints a load document; each loaded file counts for the node, a failed file
 * fails it, and a source directory with nothing to load is the engine's success with nothing
 * materialized (as a replication run that copied nothing).
 */
class LoadPipelineMaterializeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path project;
    private Path defs;

    @BeforeEach
    void aDagModeProjectWithALoadPipeline() throws IOException {
        project = tmp.resolve("dag-mode");
        CliFixture.copyTree(Path.of("..", "examples", "dag-mode"), project, ".local_defs_state", "rocky-fake", ".rocky");
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        defs = project.resolve("defs.yaml");
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
        Files.writeString(project.resolve("rocky.toml"), Files.readString(project.resolve("rocky.toml"))
                + "\n[pipeline.files]\ntype = \"load\"\nsource_dir = \"landing\"\n\n[pipeline.files.target]\nadapter = \"default\"\n"
                + "catalog = \"poc\"\nschema = \"landing\"\n");
        Files.createDirectories(project.resolve("landing"));
        Files.writeString(project.resolve("landing/customers.csv"), "id,name\n1,ada\n2,grace\n3,edsger\n");
        Files.writeString(project.resolve("landing/events.jsonl"), "{\"id\":1}\n{\"id\":2}\n");
        Files.writeString(project.resolve("landing/readme.txt"), "not loadable\n");
    }

    private List<JsonNode> materialize(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("materialize", "--select", "files/load", "--format", "jsonl"));
        all.addAll(List.of(args));
        CliFixture.Run run = CliFixture.cli(defs, all.toArray(String[]::new));
        last = run;
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private CliFixture.Run last;

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    @Test
    void theLoadNodeRunsItsPipelineAndCountsTheLoadedFiles() throws IOException {
        CliFixture.Run refresh = CliFixture.cli(defs, "refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(CliFixture.cli(defs, "defs").out()).containsPattern("files/load +kinds: rocky, load");

        List<JsonNode> events = materialize();

        assertThat(last.exitCode()).as(last.err()).isZero();
        List<JsonNode> done = ofType(events, "materialization");
        assertThat(done).hasSize(1);
        JsonNode md = done.get(0).path("metadata");
        assertThat(done.get(0).path("asset_key").toString()).isEqualTo("[\"files\",\"load\"]");
        assertThat(md.path("dagster/row_count").asLong()).as("3 CSV records and 2 JSONL lines; the .txt is not a load format")
                .isEqualTo(5);
        assertThat(md.path("rocky/tables_copied").asLong()).isEqualTo(2);
        assertThat(md.path("dagster-rocky/strategy").asText()).isEqualTo("load");
        assertThat(ofType(events, "failure")).isEmpty();
    }

    @Test
    void aFileThatFailsToLoadFailsTheNodeWithTheFileNamed() throws IOException {
        Files.writeString(project.resolve("landing/broken.csv"), "id,name\n1,ada,extra\n");
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();

        List<JsonNode> events = materialize();

        assertThat(last.exitCode()).as("a failed file is a failed materialization").isNotZero();
        List<JsonNode> failures = ofType(events, "failure");
        assertThat(failures).isNotEmpty();
        assertThat(failures.get(0).path("asset_key").toString()).isEqualTo("[\"files\",\"load\"]");
        assertThat(failures.get(0).path("message").asText()).contains("broken.csv").contains("has 3 fields");
    }

    @Test
    void anEmptySourceDirIsASuccessThatMaterializesNothing() throws IOException {
        for (String f : List.of("customers.csv", "events.jsonl")) {
            Files.delete(project.resolve("landing").resolve(f));
        }
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();

        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--select", "files/load");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).as("the summary says nothing materialized").contains("0 materialized, 0 checks (0 failed), "
                + "0 observations, 0 failed, 1 rocky runs: success").doesNotContain("materialized  files/load");
    }
}
