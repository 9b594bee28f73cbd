package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.project.ProjectAnswers;
import dev.rocky.testkit.project.RockyProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaleProjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} tables")
    @ValueSource(ints = {1_000, 10_000})
    void generatedProjectsAnswerSchemaValidOutputsOfTheirSize(int tables) throws IOException {
        ScaleProject settings = ScaleProject.tables(tables);
        Path dir = settings.writeTo(work.resolve("p" + tables));
        ProjectAnswers answers = ProjectAnswers.of(RockyProject.load(dir));

        // Several pipelines (ingest, transform): the engine's discover must be told which.
        JsonNode discover = payload(answers, "discover --pipeline ingest");
        assertThat(discover.get("sources")).hasSize(settings.sources());
        int counted = 0;
        for (JsonNode s : discover.get("sources")) {
            counted += s.get("tables").size();
        }
        assertThat(counted).isEqualTo(tables);
        assertThat(discover.at("/checks/freshness/threshold_seconds").asLong()).isEqualTo(86_400);

        JsonNode compile = payload(answers, "compile");
        assertThat(compile.get("models").asInt()).isEqualTo(settings.models());
        assertThat(compile.get("execution_layers").asInt()).isEqualTo(settings.models());

        JsonNode dag = payload(answers, "dag");
        assertThat(dag.at("/summary/counts_by_kind/transformation").asInt()).isEqualTo(settings.models());
        assertThat(dag.get("nodes").toString()).contains("\"partition_shape\":{\"granularity\":\"daily\"");

        JsonNode run = payload(answers, "run --filter id=raw__src0001 --pipeline ingest --models models --partition 2026-01-02");
        assertThat(run.get("tables_copied").asInt()).isEqualTo(100);
        assertThat(run.get("partition_summaries")).hasSize(settings.models() / 5);

        for (JsonNode p : List.of(discover, compile, dag, run, payload(answers, "plan --filter id=raw__src0000 --pipeline ingest"))) {
            assertThat(RockySchemas.violations(p)).as(p.get("command").asText()).isEmpty();
        }
    }

    @Test
    void sameSettingsWriteTheSameFiles() throws IOException {
        ScaleProject s = ScaleProject.builder().sources(2).tablesPerSource(3).models(25).fanIn(2, 4).seed(7).build();
        Path a = s.writeTo(work.resolve("a"));
        Path b = s.writeTo(work.resolve("b"));
        for (String f : List.of("rocky.toml", "data/seed.sql", "models/m00024.sql", "models/m00020.sql")) {
            assertThat(Files.readString(a.resolve(f))).isEqualTo(Files.readString(b.resolve(f)));
        }
        assertThat(Files.readString(a.resolve("models/m00020.sql"))).contains("JOIN m000");
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThatThrownBy(() -> ScaleProject.tables(150)).hasMessageContaining("multiple of 100");
        assertThatThrownBy(() -> ScaleProject.builder().sources(0).build()).hasMessageContaining("positive");
    }

    private static JsonNode payload(ProjectAnswers answers, String call) throws IOException {
        ProjectAnswers.Answer a = answers.answer(Arrays.asList(call.split(" ")));
        assertThat(a.exitCode()).as("%s: %s", call, a.stderr()).isZero();
        return JSON.readTree(a.stdout());
    }
}
