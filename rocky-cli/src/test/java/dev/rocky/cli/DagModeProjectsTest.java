package dev.rocky.cli;

import dev.rocky.component.RockyComponent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.component.config.DefsYamlLoader;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.dag.DagNode;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.state.DagStatus;
import dev.rocky.core.state.DefsState;
import dev.rocky.process.CommandRunner;
import dev.rocky.testkit.FakeRocky;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DAG mode on every playground project in the repository's copy, answered by the testkit's
 * project-model fake: the graph has one asset per non-test node and every {@code depends_on} as an
 * edge; a project whose DAG fails is refused at load with the recorded reason.
 */
class DagModeProjectsTest {

    @TempDir
    Path tmp;

    static Stream<String> projects() {
        return RockyContract.projects().stream();
    }

    private RockyComponent component(String name) throws IOException {
        FakeRocky rocky = FakeRocky.forBundledProject(name, tmp).build();
        Path dir = tmp.resolve(name);
        Files.writeString(dir.resolve("defs.yaml"), String.join("\n", "type: dagster_rocky.RockyComponent", "attributes:",
                "  binary_path: rocky", "  models_dir: models", "  dag_mode: true", ""));
        return RockyComponent.builder(new DefsYamlLoader().load(dir.resolve("defs.yaml"))).commandRunner(rocky).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void oneAssetPerNonTestNodeAndEveryDependsOnAnEdge(String name) throws IOException {
        RockyComponent component = component(name);
        component.refresh();
        DefsState state = component.state();

        if (state.dagStatus().orElseThrow() != DagStatus.SUCCESS) {
            assertThat(state.dagStatus()).contains(DagStatus.FAILED);
            assertThatThrownBy(component::definitions).isInstanceOfSatisfying(StateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_UNUSABLE))
                    .hasMessageContaining(state.dagError().orElseThrow());
            return;
        }
        DagResult dag = state.dag().orElseThrow();
        Definitions defs = component.definitions();
        Map<String, AssetSpec> byNode = new HashMap<>();
        for (AssetSpec spec : defs.assets()) {
            byNode.put(((MetadataValue.Text) spec.metadata().get("rocky/node_id")).value(), spec);
        }
        List<DagNode> nonTest = dag.nodes().stream().filter(n -> !n.kind().equals("test")).toList();
        assertThat(defs.assets()).hasSize(nonTest.size());
        assertThat(byNode.keySet()).containsExactlyInAnyOrderElementsOf(nonTest.stream().map(DagNode::id).toList());
        int edges = 0;
        for (DagNode node : nonTest) {
            AssetSpec spec = byNode.get(node.id());
            assertThat(spec.kinds()).containsExactly("rocky", node.kind());
            for (String upstream : node.dependsOn()) {
                if (byNode.containsKey(upstream)) {
                    assertThat(spec.deps()).as(node.id() + " depends on " + upstream).contains(byNode.get(upstream).key());
                    edges++;
                }
            }
        }
        assertThat(defs.assets().stream().mapToInt(a -> a.deps().size()).sum()).as("no edge beyond depends_on").isEqualTo(edges);
    }

    @Test
    void theDagModeProjectIsOneConnectedChainWithColumnLineage() throws IOException {
        RockyComponent component = component("07-dagster-dag-mode");
        component.refresh();
        Definitions defs = component.definitions();

        AssetSpec fct = defs.asset(dev.rocky.core.spec.AssetKey.of("poc", "gold", "fct_customer_revenue")).orElseThrow();
        assertThat(fct.deps()).containsExactly(dev.rocky.core.spec.AssetKey.of("poc", "staging", "stg_orders"));
        AssetSpec stg = defs.asset(dev.rocky.core.spec.AssetKey.of("poc", "staging", "stg_orders")).orElseThrow();
        assertThat(stg.deps()).containsExactly(dev.rocky.core.spec.AssetKey.of("ingest", "load"));
        assertThat(defs.asset(dev.rocky.core.spec.AssetKey.of("ingest", "load")).orElseThrow().deps())
                .containsExactly(dev.rocky.core.spec.AssetKey.of("ingest", "source"));
        MetadataValue.ColumnLineage lineage = (MetadataValue.ColumnLineage) fct.metadata().get("dagster/column_lineage");
        assertThat(lineage.lineage().depsByColumn().get("total_revenue")).singleElement()
                .satisfies(d -> {
                    assertThat(d.asset()).isEqualTo(stg.key());
                    assertThat(d.column()).isEqualTo("amount");
                });
        MetadataValue.ColumnLineage stgLineage = (MetadataValue.ColumnLineage) stg.metadata().get("dagster/column_lineage");
        assertThat(stgLineage.lineage().depsByColumn().get("order_id")).singleElement()
                .satisfies(d -> assertThat(d.asset().path()).as("an upstream outside the graph, keyed by its name")
                        .containsExactly("raw__orders.orders"));
    }
}
