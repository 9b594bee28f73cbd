package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake's {@code load} pipelines: {@code rocky load} and {@code rocky run --pipeline <load>}
 * answer with the engine's {@code LoadOutput} (rocky-cli load.rs {@code run_load}; run.rs hands a
 * load pipeline to it), and two transformation pipelines claiming one model are refused.
 */
class LoadPipelineFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ProjectAnswers project(String extra) throws Exception {
        Files.writeString(dir.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\npath = \"x.duckdb\"\n\n"
                + "[pipeline.files]\ntype = \"load\"\nsource_dir = \"landing\"\n" + extra
                + "\n[pipeline.files.target]\nadapter = \"default\"\ncatalog = \"wh\"\nschema = \"raw\"\n");
        Files.createDirectories(dir.resolve("landing/nested"));
        Files.writeString(dir.resolve("landing/b_orders.csv"), "id,total\n1,10\n2,20\n");
        Files.writeString(dir.resolve("landing/a_events.jsonl"), "{\"id\":1}\n\n{\"id\":2}\n{\"id\":3}\n");
        Files.writeString(dir.resolve("landing/notes.md"), "# not loadable\n");
        Files.writeString(dir.resolve("landing/nested/deep.csv"), "id\n1\n");
        return new ProjectAnswers(RockyProject.load(dir, "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(), Map.of());
    }

    /** load.rs: files of source_dir (not recursive, sorted) with a loadable extension, target table = file stem. */
    @Test
    void runOfALoadPipelinePrintsTheLoadDocumentOfItsSourceDir() throws Exception {
        ProjectAnswers.Answer run = project("").answer(List.of("run", "--pipeline", "files"));

        assertThat(run.exitCode()).isZero();
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(out.path("command").asText()).isEqualTo("load");
        assertThat(out.path("format").asText()).isEqualTo("auto");
        assertThat(out.path("files_loaded").asInt()).isEqualTo(2);
        assertThat(out.path("files_failed").asInt()).isZero();
        assertThat(out.path("total_rows").asInt()).as("3 non-blank JSONL lines and 2 CSV records").isEqualTo(5);
        assertThat(out.path("files").findValuesAsText("target")).containsExactly("wh.raw.a_events", "wh.raw.b_orders");
        assertThat(out.path("total_bytes").asLong()).isEqualTo(Files.size(dir.resolve("landing/b_orders.csv"))
                + Files.size(dir.resolve("landing/a_events.jsonl")));
        assertThat(out.path("files").get(0).has("error")).as("error is skipped when none").isFalse();
    }

    /** load.rs: the pipeline's format filters by extension; its target.table names every file's table. */
    @Test
    void theFormatFiltersAndTheTargetTableNamesEveryFile() throws Exception {
        Files.createDirectories(dir);
        ProjectAnswers answers = project("format = \"csv\"\n");
        Files.writeString(dir.resolve("rocky.toml"), Files.readString(dir.resolve("rocky.toml")) + "table = \"landed\"\n");
        answers = new ProjectAnswers(RockyProject.load(dir, "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(), Map.of());

        JsonNode out = JSON.readTree(answers.answer(List.of("load", "--pipeline", "files")).stdout());

        assertThat(out.path("files").findValuesAsText("target")).containsExactly("wh.raw.landed");
        assertThat(out.path("total_rows").asInt()).isEqualTo(2);
    }

    /** load.rs bails after printing: exit 1 with "N file(s) failed to load" and the document on stdout. */
    @Test
    void aFailedFileIsItemisedAndTheCommandExitsOne() throws Exception {
        ProjectAnswers answers = project("");
        Files.writeString(dir.resolve("landing/c_bad.csv"), "id,total\n1\n");

        ProjectAnswers.Answer run = answers.answer(List.of("run", "--pipeline", "files"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error: 1 file(s) failed to load\n");
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(out.path("files_failed").asInt()).isEqualTo(1);
        JsonNode bad = out.path("files").get(2);
        assertThat(bad.path("file").asText()).endsWith("c_bad.csv");
        assertThat(bad.path("rows_loaded").asInt()).isZero();
        assertThat(bad.path("error").asText()).contains("has 1 fields");
    }

    /** load.rs: a missing source directory is an error before anything loads. */
    @Test
    void aMissingSourceDirIsTheEnginesError() throws Exception {
        ProjectAnswers answers = project("");
        Files.walk(dir.resolve("landing")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        ProjectAnswers.Answer run = answers.answer(List.of("load"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error: source directory does not exist: ").contains("landing");
    }

    /** unified_dag.rs: a load pipeline is one load node labelled with its name, no source node. */
    @Test
    void theDagHasOneLoadNodeForTheLoadPipeline() throws Exception {
        JsonNode dag = project("").dag(java.util.Optional.empty(), false);

        assertThat(dag.path("nodes").findValuesAsText("id")).containsExactly("load:files");
        assertThat(dag.path("nodes").get(0).path("label").asText()).isEqualTo("files");
    }

    /**
     * unified_dag.rs {@code UnifiedDagError::DuplicateNodeId}: two transformation pipelines whose
     * models roots overlap both claim a model; the fake refuses it naming the model and pipelines.
     */
    @Test
    void aModelClaimedByTwoTransformationPipelinesIsRefusedByName() throws Exception {
        Files.writeString(dir.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\npath = \"x.duckdb\"\n\n"
                + "[pipeline.all]\ntype = \"transformation\"\nmodels = \"models/**\"\n[pipeline.all.target]\nadapter = \"default\"\n\n"
                + "[pipeline.marts]\ntype = \"transformation\"\nmodels = \"models/marts/**\"\n[pipeline.marts.target]\n"
                + "adapter = \"default\"\n");
        Files.createDirectories(dir.resolve("models/marts"));
        Files.writeString(dir.resolve("models/marts/_defaults.toml"), "[target]\ncatalog = \"wh\"\nschema = \"marts\"\n");
        Files.writeString(dir.resolve("models/marts/totals.sql"), "select 1 as n\n");
        ProjectAnswers answers = new ProjectAnswers(RockyProject.load(dir, "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(),
                Map.of());

        assertThatThrownBy(() -> answers.dag(java.util.Optional.empty(), false)).isInstanceOf(ProjectException.class)
                .hasMessageStartingWith("duplicate node ID: 'transformation:totals'")
                .hasMessageContaining("claimed by transformation pipelines 'all' and 'marts'");
    }
}
