package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.contract.RockyContract;
import dev.rocky.testkit.RockySchemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every derived answer, for every bundled project, is valid against the engine's schema for its command. */
class DerivedAnswersMatchSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    static List<String> projects() {
        return RockyContract.projects();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void everyAnswerIsSchemaValid(String name) throws IOException {
        Path dir = RockyContract.extract("projects/" + name, work.resolve(name));
        RockyProject project = RockyProject.load(dir);
        ProjectAnswers answers = ProjectAnswers.of(project);
        List<String> calls = new ArrayList<>(List.of("dag --models models", "dag --models models --column-lineage", "compile",
                "compile --contracts contracts", "compliance", "compliance --env prod", "compliance --exceptions-only", "retention-status",
                "retention-status --drift", "optimize", "doctor"));
        // rocky run resolves its pipeline as registry.rs resolve_pipeline: named, else the only one
        String named = project.pipelines().size() == 1 ? "" : " --pipeline " + project.pipelines().stream()
                .filter(p -> p.type().equals("transformation")).findFirst().orElse(project.pipelines().get(0)).name();
        calls.add("run --models models" + named);
        // rocky plan plans a replication pipeline only (plan.rs resolve_replication_pipeline)
        List<String> replicationNames = project.pipelines().stream().filter(RockyProject.Pipeline::isReplication)
                .map(RockyProject.Pipeline::name).toList();
        if (replicationNames.isEmpty()) {
            ProjectAnswers.Answer refused = answers.answer(List.of("plan"));
            assertThat(refused.exitCode()).as("plan of %s, which has no replication pipeline", name).isEqualTo(1);
            assertThat(refused.stderr()).contains("but this command only supports replication pipelines");
        } else {
            calls.add("plan" + (project.pipelines().size() == 1 ? "" : " --pipeline " + replicationNames.get(0)));
        }
        RockyProject.ModelSet models = project.models("models");
        for (RockyProject.Model m : models.models()) {
            calls.add("lineage " + m.name());
            calls.add("compile --model " + m.name());
            for (RockyProject.OutputColumn c : models.columns().get(m.name())) {
                calls.add("lineage " + m.name() + " --column " + c.name());
                calls.add("lineage " + m.name() + " --column " + c.name() + " --downstream");
            }
        }
        boolean discovers = project.pipelines().stream().filter(RockyProject.Pipeline::isReplication).count() == 1
                && project.pipelines().stream().anyMatch(p -> p.isReplication() && p.hasDiscovery());
        if (discovers) {
            // The engine resolves discover's pipeline itself only when the config declares exactly one.
            String replication = project.pipelines().stream().filter(RockyProject.Pipeline::isReplication).findFirst().orElseThrow()
                    .name();
            String call = project.pipelines().size() == 1 ? "discover" : "discover --pipeline " + replication;
            calls.add(call);
            JsonNode discover = JSON.readTree(answers.answer(Arrays.asList(call.split(" "))).stdout());
            for (JsonNode s : discover.get("sources")) {
                calls.add("run --filter id=" + s.get("id").asText() + (project.pipelines().size() == 1 ? "" : " --pipeline " + replication));
                calls.add("plan --filter id=" + s.get("id").asText() + (project.pipelines().size() == 1 ? "" : " --pipeline " + replication));
            }
        }
        int checked = 0;
        for (String call : calls) {
            ProjectAnswers.Answer a = answers.answer(Arrays.asList(call.split(" ")));
            assertThat(a.stdout()).as("%s in %s printed nothing; stderr: %s", call, name, a.stderr()).isNotEmpty();
            JsonNode payload = JSON.readTree(a.stdout());
            assertThat(RockySchemas.violations(payload)).as("%s in %s", call, name).isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(13);
    }
}
