package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.contract.RockyContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rocky-cli {@code registry.rs} {@code resolve_replication_pipeline}: discover picks its pipeline
 * only when the config declares exactly one; with several, it must be told.
 */
class RockyTomlPipelinesTest {

    @TempDir
    Path dir;

    @Test
    void aProjectWithOneReplicationPipelineBesideOthersNamesIt() {
        Path dag = RockyContract.extract("projects/07-dagster-dag-mode", dir.resolve("dag"));
        assertThat(RockyTomlPipelines.discoverPipeline(dag.resolve("rocky.toml"), Map.of())).contains("ingest");

        Path single = RockyContract.extract("projects/01-replication-basics", dir.resolve("single"));
        assertThat(RockyTomlPipelines.discoverPipeline(single.resolve("rocky.toml"), Map.of())).as("the engine picks the only one")
                .isEmpty();

        Path showcase = RockyContract.extract("projects/11-strategy-showcase", dir.resolve("showcase"));
        assertThat(RockyTomlPipelines.discoverPipeline(showcase.resolve("rocky.toml"), Map.of()))
                .as("two replication pipelines: only the user can choose").isEmpty();
    }

    @Test
    void anUnreadableConfigOrAnUnsetVariableLeavesTheEngineToSayWhy() throws Exception {
        assertThat(RockyTomlPipelines.discoverPipeline(dir.resolve("absent.toml"), Map.of())).isEmpty();
        Path toml = Files.writeString(dir.resolve("rocky.toml"), "[pipeline.a]\ntype = \"${T}\"\n[pipeline.b]\ntype = \"transformation\"\n");
        assertThat(RockyTomlPipelines.discoverPipeline(toml, Map.of())).isEmpty();
        assertThat(RockyTomlPipelines.discoverPipeline(toml, Map.of("T", "replication"))).contains("a");
        Files.writeString(toml, "[pipeline.a\n");
        assertThat(RockyTomlPipelines.discoverPipeline(toml, Map.of())).isEmpty();
    }
}
