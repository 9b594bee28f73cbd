package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.testkit.FakeRocky;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rocky dag} without {@code --models} (rocky 1.68 and later, the call dagster-rocky 1.63
 * makes, #1348): each transformation pipeline reads the models under the root of its own
 * {@code models} glob; with {@code --models D} every transformation pipeline reads D.
 */
class PipelineModelRootsTest {

    @TempDir
    Path dir;

    /** Project 07 with a second transformation pipeline whose models live under {@code marts/}. */
    private ProjectAnswers twoRoots() throws Exception {
        Path p = FakeRocky.forBundledProject("07-dagster-dag-mode", dir).projectDir();
        Files.createDirectories(p.resolve("marts"));
        Files.copy(p.resolve("models/_defaults.toml"), p.resolve("marts/_defaults.toml"));
        Files.writeString(p.resolve("marts/mart_totals.sql"), "select count(*) as n from stg_orders\n");
        Files.writeString(p.resolve("marts/mart_totals.toml"), "name = \"mart_totals\"\n");
        Files.writeString(p.resolve("rocky.toml"), Files.readString(p.resolve("rocky.toml"))
                + "\n[pipeline.marts]\ntype = \"transformation\"\nmodels = \"marts/**\"\ndepends_on = [\"transform\"]\n"
                + "\n[pipeline.marts.target]\nadapter = \"default\"\n");
        return new ProjectAnswers(RockyProject.load(p, "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(), Map.of());
    }

    private static List<String> transformations(JsonNode dag) {
        List<String> out = new ArrayList<>();
        dag.path("nodes").forEach(n -> {
            if (n.path("kind").asText().equals("transformation")) {
                out.add(n.path("pipeline").asText() + ":" + n.path("label").asText());
            }
        });
        return out;
    }

    @Test
    void withoutModelsEachTransformationPipelineReadsItsOwnRoot() throws Exception {
        JsonNode dag = twoRoots().dag(Optional.empty(), false);

        assertThat(transformations(dag)).containsExactlyInAnyOrder("transform:stg_orders", "transform:fct_customer_revenue",
                "marts:mart_totals");
        JsonNode mart = null;
        for (JsonNode n : dag.path("nodes")) {
            if (n.path("label").asText().equals("mart_totals")) {
                mart = n;
            }
        }
        assertThat(mart).isNotNull();
        assertThat(mart.path("depends_on").toString()).as("the marts pipeline starts after transform's terminal models")
                .contains("transformation:fct_customer_revenue");
    }

    @Test
    void withModelsEveryTransformationPipelineReadsThatDirectorySoTwoOfThemAreRefusedByName() throws Exception {
        ProjectAnswers answers = twoRoots();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answers.dag(Optional.of("models"), false))
                .isInstanceOf(ProjectException.class).hasMessageContaining("'transform' and 'marts' would each claim them")
                .hasMessageContaining("without --models");
        ProjectAnswers.Answer refused = answers.answer(List.of("dag", "--models", "models"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("Error: --models models gives every transformation pipeline the same models");

        ProjectAnswers single = new ProjectAnswers(RockyProject.load(FakeRocky.forBundledProject("07-dagster-dag-mode",
                dir.resolve("one")).projectDir(), "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(), Map.of());
        assertThat(transformations(single.dag(Optional.of("models"), false))).as("one transformation pipeline reads --models")
                .containsExactlyInAnyOrder("transform:stg_orders", "transform:fct_customer_revenue");
    }
}
