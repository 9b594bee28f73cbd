package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.testkit.RockySchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake's {@code rocky dag} follows the engine's {@code build_unified_dag} (rocky-data/rocky
 * {@code engine/crates/rocky-core/src/unified_dag.rs}): replication expands into source and load
 * nodes; a quality, snapshot or load pipeline is one node labelled with the pipeline's name; a
 * model's {@code depends_on} may name a seed, a replication or a load pipeline (cross-step edges);
 * pipeline {@code depends_on} wires the upstream pipeline's exit nodes to the downstream one's entry
 * nodes (source nodes excluded from both), whatever the declaration order; an unknown pipeline
 * dependency is {@code UnifiedDagError::UnknownDependency}.
 */
class UnifiedDagFakeTest {

    @TempDir
    Path dir;

    private JsonNode dag(String toml) throws Exception {
        Files.writeString(dir.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n" + toml);
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/_defaults.toml"), "[target]\ncatalog = \"c\"\nschema = \"s\"\n");
        Files.writeString(dir.resolve("models/stg.sql"), "select 1 as id\n");
        Files.writeString(dir.resolve("models/stg.toml"), "name = \"stg\"\ndepends_on = [\"ingest\", \"files\"]\n");
        Files.writeString(dir.resolve("models/fct.sql"), "select id from stg\n");
        Files.writeString(dir.resolve("models/fct.toml"), "name = \"fct\"\ndepends_on = [\"stg\"]\n");
        JsonNode dag = new ProjectAnswers(RockyProject.load(dir, "rocky.toml", Map.of()), "1.71.0", Clock.systemUTC(), Map.of())
                .dag(Optional.empty(), false);
        assertThat(RockySchemas.violations(dag)).isEmpty();
        return dag;
    }

    private static Map<String, JsonNode> byId(JsonNode dag) {
        Map<String, JsonNode> out = new HashMap<>();
        dag.path("nodes").forEach(n -> out.put(n.path("id").asText(), n));
        return out;
    }

    private static List<String> dependsOn(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.path("depends_on").forEach(d -> out.add(d.asText()));
        return out;
    }

    private static final String PIPELINES = """
            [pipeline.checks]
            type = "quality"
            depends_on = ["transform"]

            [pipeline.transform]
            type = "transformation"
            depends_on = ["ingest"]

            [pipeline.transform.target]
            adapter = "default"

            [pipeline.ingest.source.discovery]
            adapter = "default"

            [pipeline.ingest.source.schema_pattern]
            prefix = "raw__"
            separator = "__"
            components = ["source"]

            [pipeline.ingest.target]
            catalog_template = "c"
            schema_template = "stg__{source}"

            [pipeline.files]
            type = "load"
            source_dir = "data/files"

            [pipeline.history]
            type = "snapshot"
            depends_on = ["checks"]
            """;

    @Test
    void everyPipelineKindBecomesTheEnginesNodesWithItsLabels() throws Exception {
        Map<String, JsonNode> nodes = byId(dag(PIPELINES));

        assertThat(nodes).containsKeys("source:ingest", "load:ingest", "transformation:stg", "transformation:fct", "quality:checks",
                "load:files", "snapshot:history");
        assertThat(nodes.get("quality:checks").path("label").asText()).isEqualTo("checks");
        assertThat(nodes.get("snapshot:history").path("label").asText()).isEqualTo("history");
        assertThat(nodes.get("load:files").path("label").asText()).isEqualTo("files");
        assertThat(nodes.get("load:files").path("kind").asText()).isEqualTo("load");
        assertThat(nodes.get("load:ingest").path("label").asText()).isEqualTo("ingest (load)");
    }

    @Test
    void crossStepAndInterPipelineEdgesFollowTheEnginesEntryAndExitRulesWhateverTheOrder() throws Exception {
        Map<String, JsonNode> nodes = byId(dag(PIPELINES));

        assertThat(dependsOn(nodes.get("transformation:stg"))).as("named in depends_on: the load of ingest, the load pipeline")
                .containsExactlyInAnyOrder("load:ingest", "load:files");
        assertThat(dependsOn(nodes.get("transformation:fct"))).as("not an entry node: only its model edge")
                .containsExactly("transformation:stg");
        assertThat(dependsOn(nodes.get("quality:checks"))).as("declared before transform, still after its exit model")
                .containsExactly("transformation:fct");
        assertThat(dependsOn(nodes.get("snapshot:history"))).containsExactly("quality:checks");
        assertThat(dependsOn(nodes.get("source:ingest"))).isEmpty();
    }

    @Test
    void anUnknownPipelineDependencyIsTheEnginesError() {
        assertThatThrownBy(() -> dag("""
                [pipeline.checks]
                type = "quality"
                depends_on = ["nowhere"]
                """)).isInstanceOf(ProjectException.class)
                .hasMessage("unknown dependency 'nowhere' referenced by node 'checks'");
    }
}
