package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ConfigException;
import dev.rocky.core.model.ModelSidecar;
import dev.rocky.core.model.ModelTarget;
import dev.rocky.core.spec.TimeGrain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomlModelCatalogTest {

    @TempDir
    Path dir;

    private final TomlModelCatalog catalog = new TomlModelCatalog();

    @Test
    void mergesSidecarsOverDefaults() {
        Path project = RockyContract.extract("projects/07-dagster-dag-mode", dir);
        List<ModelSidecar> models = catalog.models(project.resolve("models"));
        assertThat(models).extracting(ModelSidecar::name).containsExactly("fct_customer_revenue", "stg_orders");
        ModelSidecar fct = models.get(0);
        assertThat(fct.target()).contains(new ModelTarget("poc", "gold", "fct_customer_revenue"));
        assertThat(fct.dependsOn()).containsExactly("stg_orders");
        assertThat(fct.strategy().type()).isEqualTo("full_refresh");
        assertThat(models.get(1).target()).contains(new ModelTarget("poc", "staging", "stg_orders"));
    }

    @Test
    void readsTimeIntervalStrategiesAndFreshness() {
        Path partition = RockyContract.extract("projects/03-partition-checksum", dir.resolve("p"));
        ModelSidecar daily = catalog.models(partition.resolve("models")).get(0);
        assertThat(daily.strategy().type()).isEqualTo("time_interval");
        assertThat(daily.strategy().granularity()).contains(TimeGrain.DAY);
        Path sla = RockyContract.extract("projects/07-freshness-sla", dir.resolve("f"));
        assertThat(catalog.models(sla.resolve("models"))).anySatisfy(m -> assertThat(m.freshnessMaxLagSeconds()).isPresent());
    }

    @Test
    void skipsDefaultsAndContractsAndAMissingDirectory() throws IOException {
        Path models = Files.createDirectories(dir.resolve("m"));
        Files.writeString(models.resolve("_defaults.toml"), "[target]\ncatalog = \"c\"\nschema = \"s\"\n");
        Files.writeString(models.resolve("x.contract.toml"), "[rules]\n");
        Files.writeString(models.resolve("a.toml"), "name = \"alpha\"\n");
        assertThat(catalog.models(models)).extracting(ModelSidecar::name).containsExactly("alpha");
        assertThat(catalog.models(dir.resolve("none"))).isEmpty();
        assertThat(TomlModelCatalog.isModelFile(Path.of("_x.toml"))).isFalse();
    }

    /**
     * As the engine's models.rs: each directory's own {@code _defaults.toml} (no parent's), the
     * models directory and its immediate subdirectories only ({@code dag.rs load_all_models}),
     * freshness inherited, and sidecars and defaults environment-substituted.
     */
    @Test
    void readsModelFilesAsTheEngineLoadsThem() throws IOException {
        Files.createDirectories(dir.resolve("eng/sub/deeper"));
        Path models = dir.resolve("eng");
        Files.writeString(models.resolve("_defaults.toml"), "[target]\ncatalog = \"${CAT:-poc}\"\nschema = \"s\"\n"
                + "[freshness]\nmax_lag_seconds = 60\n");
        Files.writeString(models.resolve("top.toml"), "name = \"top\"\n");
        Files.writeString(models.resolve("sub/mid.toml"), "name = \"mid\"\n[target]\ncatalog = \"c\"\nschema = \"${MID_SCHEMA}\"\n");
        Files.writeString(models.resolve("sub/deeper/deep.toml"), "name = \"deep\"\n");

        List<ModelSidecar> found = new TomlModelCatalog(Map.of("CAT", "prod", "MID_SCHEMA", "marts")).models(models);

        assertThat(found).extracting(ModelSidecar::name).as("two levels, as the engine walks").containsExactly("mid", "top");
        assertThat(found.get(1).target()).contains(new ModelTarget("prod", "s", "top"));
        assertThat(found.get(1).freshnessMaxLagSeconds()).hasValue(60);
        assertThat(found.get(0).target()).contains(new ModelTarget("c", "marts", "mid"));
        assertThat(found.get(0).freshnessMaxLagSeconds()).as("the parent's _defaults.toml is not the subdirectory's").isEmpty();

        Path sub = models.resolve("sub/mid.toml");
        assertThatThrownBy(() -> new TomlModelCatalog(Map.of()).models(dir.resolve("eng"))).isInstanceOf(ConfigException.class)
                .hasMessage("failed to substitute env vars in '" + sub + "': environment variable 'MID_SCHEMA' not set "
                        + "(referenced in config)");
    }

    @Test
    void invalidTomlNamesTheFileAndLine() throws IOException {
        Path models = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(models.resolve("broken.toml"), "[strategy]\ntype = \"full_refresh\"\n[target\n");
        assertThatThrownBy(() -> catalog.models(models)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.toml").hasMessageContaining("line 3");
    }

    @Test
    void aKeyWeReadWithTheWrongTypeNamesTheFileAndKey() throws IOException {
        Map<String, String> cases = Map.of(
                "name = 5\n", "name must be a string, got number 5",
                "depends_on = \"a\"\n", "depends_on must be a list of model names",
                "depends_on = [1]\n", "depends_on[] must be a string",
                "[freshness]\nmax_lag_seconds = \"1h\"\n", "freshness.max_lag_seconds must be a whole number of seconds",
                "[target]\ncatalog = true\nschema = \"s\"\n", "target.catalog must be a string");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path models = Files.createDirectories(dir.resolve("typed" + i++));
            Files.writeString(models.resolve("m.toml"), c.getKey());
            assertThatThrownBy(() -> catalog.models(models)).as(c.getKey()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(models.resolve("m.toml").toString()).hasMessageContaining(c.getValue());
        }
        Path defaults = Files.createDirectories(dir.resolve("typed-defaults"));
        Files.writeString(defaults.resolve("_defaults.toml"), "[strategy]\ntype = 3\n");
        Files.writeString(defaults.resolve("m.toml"), "name = \"m\"\n");
        assertThatThrownBy(() -> catalog.models(defaults)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("_defaults.toml").hasMessageContaining("strategy.type must be a string");
    }
}
