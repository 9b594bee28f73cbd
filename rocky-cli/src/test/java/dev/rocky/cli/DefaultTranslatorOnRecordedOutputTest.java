package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.discover.Source;
import dev.rocky.core.discover.Table;
import dev.rocky.core.model.ModelDetail;
import dev.rocky.json.CompileOutput;
import dev.rocky.json.DagOutput;
import dev.rocky.json.DiscoverOutput;
import dev.rocky.json.RockyJson;
import dev.rocky.testkit.RecordedProjects;
import dev.rocky.testkit.RecordedProjects.RecordedCall;
import dev.rocky.core.port.AssetTranslator;
import dev.rocky.translator.ResolvedTranslator;
import dev.rocky.translator.TranslationTemplates;
import dev.rocky.translator.TranslatorPlugins;
import dev.rocky.translator.TranslatorResolver;
import dev.rocky.translator.TranslatorSelection;
import dev.rocky.translator.spi.TranslatorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in translator, with its output checked as every translator's is, accepts every table,
 * model and DAG node in every output recorded from the real binary: the checks never refuse what
 * rocky itself produces.
 */
class DefaultTranslatorOnRecordedOutputTest {

    private static final AssetTranslator CHECKED = checkedDefault();

    private static AssetTranslator checkedDefault() {
        ResolvedTranslator r = TranslatorResolver.resolve(Optional.empty(), TranslatorSelection.none(),
                TranslatorPlugins.discover(DefaultTranslatorOnRecordedOutputTest.class.getClassLoader(), Optional.empty()),
                TranslatorContext.of(Path.of(".")), TranslationTemplates.none());
        assertThat(r.choice()).isEqualTo(ResolvedTranslator.Choice.DEFAULT);
        return r.translator();
    }

    static Stream<RecordedCall> recorded() {
        return RecordedProjects.calls().stream()
                .filter(c -> c.exitCode() == 0 && List.of("discover", "compile", "dag").contains(c.args().get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void everyRecordedObjectTranslatesToValidKeysGroupsAndTags(RecordedCall call) throws IOException {
        byte[] json = RockyContract.read(call.fixture()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int translated = 0;
        switch (call.args().get(0)) {
            case "discover":
                for (Source source : RockyJson.mapper().readValue(json, DiscoverOutput.class).toDomain().sources()) {
                    CHECKED.groupName(source);
                    for (Table table : source.tables()) {
                        CHECKED.assetKey(source, table);
                        CHECKED.tags(source, table);
                        CHECKED.metadata(source, table);
                        translated++;
                    }
                }
                break;
            case "compile":
                for (ModelDetail model : RockyJson.mapper().readValue(json, CompileOutput.class).toDomain().models()) {
                    CHECKED.modelAssetKey(model);
                    CHECKED.modelGroupName(model);
                    CHECKED.modelTags(model);
                    CHECKED.modelMetadata(model);
                    translated++;
                }
                break;
            default:
                for (DagNode node : RockyJson.mapper().readValue(json, DagOutput.class).toDomain().nodes()) {
                    CHECKED.dagNodeAssetKey(node);
                    CHECKED.dagGroupName(node);
                    translated++;
                }
                break;
        }
        assertThat(translated).as("objects in " + call.fixture()).isPositive();
    }
}
