package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.contract.RockyContract;
import dev.rocky.testkit.RecordedProjects;
import dev.rocky.testkit.RecordedProjects.RecordedCall;
import dev.rocky.testkit.RecordingNormaliser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every recording of the real binary whose command the project-model fake derives, the
 * derived answer (recordings switched off) equals the recording after the recording's own
 * normalisation. Two values the fake cannot compute are set aside, and only these: a model
 * materialization's {@code sql_hash} and a plan's {@code plan_id} (the engine's internal hashes).
 */
class DerivedEqualsRecordedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DERIVED = Set.of("discover", "dag", "compile", "run", "plan", "apply", "lineage");

    @TempDir
    Path work;

    static Stream<RecordedCall> derivableRecordings() {
        return RecordedProjects.calls().stream().filter(c -> DERIVED.contains(c.args().get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivableRecordings")
    void derivedAnswerEqualsTheRecording(RecordedCall call) throws IOException {
        Path dir = RockyContract.extract("projects/" + call.project(), work.resolve(call.project()));
        ProjectAnswers answers = ProjectAnswers.of(RockyProject.load(dir));
        List<String> args = new ArrayList<>(call.args());
        if (args.get(0).equals("apply")) {
            // The recorded plan id is the engine's; plan with the fake first and apply its own id.
            ProjectAnswers.Answer plan = answers.answer(List.of("plan", "--filter", "source=orders"));
            args.set(1, JSON.readTree(plan.stdout()).get("plan_id").asText());
        }
        ProjectAnswers.Answer derived = answers.answer(args);
        assertThat(derived.exitCode()).as("exit code, stderr: %s", derived.stderr()).isEqualTo(call.exitCode());
        JsonNode expected = setAside(RecordingNormaliser.normalise(JSON.readTree(RockyContract.read(call.fixture()))));
        JsonNode actual = setAside(RecordingNormaliser.normalise(JSON.readTree(derived.stdout())));
        assertThat(actual.toPrettyString()).isEqualTo(sortedCopy(expected).toPrettyString());
    }

    private static JsonNode setAside(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("plan_id")) {
                o.put("plan_id", "<engine hash>");
            }
            if (o.has("sql_hash")) {
                o.put("sql_hash", "<engine hash>");
            }
            o.forEach(DerivedEqualsRecordedTest::setAside);
        } else if (node != null && node.isArray()) {
            node.forEach(DerivedEqualsRecordedTest::setAside);
        }
        return sortedCopy(node);
    }

    /** Object keys sorted (key order carries no meaning in JSON); array order kept. */
    private static JsonNode sortedCopy(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = JSON.createObjectNode();
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            keys.forEach(k -> out.set(k, sortedCopy(o.get(k))));
            return out;
        }
        if (node != null && node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(n -> out.add(sortedCopy(n)));
            return out;
        }
        return node;
    }
}
