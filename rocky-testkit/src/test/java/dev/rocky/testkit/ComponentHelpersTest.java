package dev.rocky.testkit;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.RockyComponent;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.MaterializationReport;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.service.Materializer;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.translator.spi.RockyTranslator;
import dev.rocky.translator.spi.TableView;
import dev.rocky.translator.spi.SourceView;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FakeRockyExtension#component()} and {@link TranslatorHarness}: the testkit's one-call paths to the library. */
class ComponentHelpersTest {

    @RegisterExtension
    final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("01-replication-basics");

    @Test
    void theExtensionGivesAComponentThatRefreshesLoadsAndRunsThroughTheFake() throws Exception {
        RockyComponent component = rocky.component();

        component.refresh();
        Definitions defs = component.definitions();

        assertThat(rocky.fake().invocations("discover")).hasSize(1);
        assertThat(defs.assets()).isNotEmpty();
        assertThat(Files.readString(rocky.projectDir().resolve("defs.yaml"))).contains("binary_path: rocky");
        AssetKey first = defs.assets().stream().map(AssetSpec::key).filter(k -> defs.runTarget(k).isPresent()).findFirst()
                .orElseThrow();
        MaterializationReport report = component.materialize(defs,
                Materializer.Selection.of(java.util.Set.of(first)), RunOptions.builder().build());
        assertThat(report.failures()).isEmpty();
        assertThat(rocky.fake().invocations()).extracting(Invocation::subcommand).as("the materialization ran rocky").containsSubsequence("plan", "apply");
        assertThat(report.events()).isNotEmpty();
    }

    @Test
    void aStreamedMaterializationTellsTheListenerWhatTheReportHoldsAndKeepsNone() {
        RockyComponent component = rocky.component();
        component.refresh();
        Definitions defs = component.definitions();
        Materializer.Selection all = Materializer.Selection.of(new java.util.LinkedHashSet<>(defs.assets().stream().map(AssetSpec::key)
                .filter(k -> defs.runTarget(k).isPresent()).toList()));
        MaterializationReport report = component.materialize(defs, all, RunOptions.builder().build());
        List<dev.rocky.core.run.RunEvent> told = new java.util.ArrayList<>();
        dev.rocky.core.run.MaterializationSummary summary = component.stream(defs, all, RunOptions.builder().build(), told::add);

        assertThat(report.events()).isNotEmpty();
        assertThat(told).isEqualTo(report.events());
        assertThat(summary).isEqualTo(report.summary());
        assertThat(summary.materializations()).isPositive();
        assertThat(summary.runs()).isEqualTo(report.runs().size());
        assertThat(summary.outcome()).isEqualTo(MaterializationReport.Outcome.SUCCESS);
    }

    @Test
    void attributesGoIntoTheDefsYamlAndAnInvalidOneIsRefused() {
        RockyComponent withModels = rocky.componentBuilder("surface_derived_models: true").logSink(LogSink.NONE).build();
        withModels.refresh();
        assertThat(withModels.definitions().assets()).anySatisfy(a -> assertThat(a.tags()).containsKey("rocky/model_name"));

        assertThatThrownBy(() -> rocky.componentBuilder("timeout_seconds: -1")).isInstanceOf(RockyException.class)
                .hasMessageContaining("timeout_seconds");
    }

    @Test
    void withContractsDirTheRefreshCompilesWithContractsAndTheModelsContractChecksAreDecided() {
        RockyComponent component = rocky.componentBuilder("contracts_dir: contracts", "surface_derived_models: true")
                .logSink(dev.rocky.core.port.LogSink.NONE).build();

        component.refresh();

        assertThat(rocky.fake().invocations("compile")).singleElement()
                .satisfies(i -> assertThat(i.argv()).containsSubsequence("--models", "models", "--contracts", "contracts"));
        Definitions defs = component.definitions();
        AssetSpec summary = defs.assets().stream().filter(a -> a.key().leaf().equals("revenue_summary")).findFirst().orElseThrow();
        assertThat(summary.checkNames()).anyMatch(n -> n.startsWith("contract_"));
        assertThat(defs.verdicts().get(summary.key())).as("decided from the compile diagnostics").isNotEmpty();

        RockyComponent dag = rocky.componentBuilder("contracts_dir: contracts", "dag_mode: true")
                .logSink(dev.rocky.core.port.LogSink.NONE).build();
        dag.refresh();
        // rocky 1.71 (the fake's version) resolves each transformation pipeline's models root itself: no --models.
        assertThat(rocky.fake().invocations("dag")).singleElement()
                .satisfies(i -> assertThat(i.argv()).containsSubsequence("dag", "--contracts", "contracts").doesNotContain("--models"));
    }

    @Test
    void theHarnessRunsATranslatorOverTheBundledProjectsState() {
        RockyTranslator flat = new RockyTranslator() {
            @Override
            public List<String> assetKey(SourceView source, TableView table) {
                return List.of("warehouse", table.name());
            }
        };

        Definitions defs = TranslatorHarness.forBundledProject("01-replication-basics").translate(flat);

        assertThat(defs.assets()).isNotEmpty().allSatisfy(a -> assertThat(a.key().path().get(0)).isEqualTo("warehouse"));
    }

    @Test
    void theHarnessReportsATranslatorsInvalidOutputAsTheComponentDoes() {
        RockyTranslator broken = new RockyTranslator() {
            @Override
            public String groupName(SourceView source) {
                return "not a group!";
            }
        };

        assertThatThrownBy(() -> TranslatorHarness.forBundledProject("01-replication-basics").withAttributes("strict_build: true")
                .translate(broken))
                .isInstanceOfSatisfying(RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATOR_OUTPUT))
                .hasMessageContaining("not a group!");
        assertThatThrownBy(() -> TranslatorHarness.forBundledProject("no-such-project")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("01-replication-basics");
    }
}
