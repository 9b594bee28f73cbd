package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.testkit.FakeRockyExecutable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/dag-mode/} through the CLI, answered by the testkit's project-model fake as an executable. */
class DagModeExampleTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "dag-mode");

    @TempDir
    Path tmp;

    private Path project;

    @BeforeEach
    void copyTheExample() throws IOException {
        project = tmp.resolve("dag-mode");
        CliFixture.copyTree(EXAMPLE, project, ".local_defs_state", "rocky-fake");
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        String shipped = Files.readString(project.resolve("defs.yaml"));
        assertThat(shipped).contains("dag_mode: true").contains("binary_path: rocky-fake/rocky");
        Files.writeString(project.resolve("defs.yaml"), shipped.replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
    }

    private CliFixture.Run cli(String... args) {
        return CliFixture.cli(project.resolve("defs.yaml"), args);
    }

    @Test
    void defsShowsTheConnectedGraphAndDrawsItAsMermaidAndDot() {
        CliFixture.Run refresh = cli("refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("slots discover, compile, optimize, dag").contains("dag success");

        CliFixture.Run text = cli("defs");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).containsPattern("ingest/load +kinds: rocky, load  deps: ingest/source")
                .containsPattern("poc/staging/stg_orders +kinds: rocky, transformation  deps: ingest/load")
                .containsPattern("poc/gold/fct_customer_revenue +kinds: rocky, transformation  deps: poc/staging/stg_orders")
                .contains("4 assets in 3 groups, 0 checks");

        assertThat(cli("defs", "--format", "mermaid").out()).isEqualTo(String.join("\n",
                "flowchart LR",
                "  subgraph g0[\"ingest\"]",
                "    a0[\"ingest/source (source)\"]",
                "    a1[\"ingest/load (load)\"]",
                "  end",
                "  subgraph g1[\"gold\"]",
                "    a2[\"poc/gold/fct_customer_revenue (transformation)\"]",
                "  end",
                "  subgraph g2[\"staging\"]",
                "    a3[\"poc/staging/stg_orders (transformation)\"]",
                "  end",
                "  a0 --> a1",
                "  a3 --> a2",
                "  a1 --> a3",
                ""));
        String dot = cli("defs", "--format", "dot").out();
        assertThat(dot).startsWith("digraph assets {\n  rankdir=LR;\n").contains("subgraph \"cluster_staging\" {")
                .contains("a3 [label=\"poc/staging/stg_orders (transformation)\"];").contains("  a1 -> a3;\n").endsWith("}\n");
        assertThat(cli("defs", "--format", "json").out()).contains("\"dagster/column_lineage\":{\"deps_by_column\":{\"customer_id\":"
                + "[{\"asset_key\":[\"poc\",\"staging\",\"stg_orders\"],\"column_name\":\"customer_id\"}]");
    }

    @Test
    void aDependencyOutsideTheGraphIsDrawnDashed() {
        dev.rocky.core.spec.AssetSpec down = new dev.rocky.core.spec.AssetSpec(dev.rocky.core.spec.AssetKey.of("a"), "g",
                List.of(dev.rocky.core.spec.AssetKey.of("up \"x\"")), List.of(), java.util.Map.of(), java.util.Map.of(), List.of(),
                Optional.empty(), Optional.empty());
        StringWriter mermaid = new StringWriter();
        new DefinitionsGraphWriter().mermaid(new dev.rocky.core.spec.Definitions(List.of(down)), new PrintWriter(mermaid));
        assertThat(mermaid.toString()).contains("  a1[\"up #quot;x#quot;\"]:::external\n").contains("  a1 --> a0\n")
                .contains("classDef external stroke-dasharray: 4 4");
        StringWriter dot = new StringWriter();
        new DefinitionsGraphWriter().dot(new dev.rocky.core.spec.Definitions(List.of(down)), new PrintWriter(dot));
        assertThat(dot.toString()).contains("  a1 [label=\"up \\\"x\\\"\", style=dashed];\n").contains("  a1 -> a0;\n");
    }
}
