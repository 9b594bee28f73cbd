package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the fake reads model files, as the engine's rocky-core {@code models.rs} does:
 * {@code load_models_from_dir} (each directory's own {@code _defaults.toml}, the models directory
 * and its immediate subdirectories as {@code dag.rs load_all_models} walks them),
 * {@code resolve_model_config} (sidecar over defaults; defaults give only target catalog and
 * schema, strategy, intent and freshness), {@code load_dir_defaults} (per-model fields refused) and
 * the env substitution of sidecars and defaults ({@code ModelError::EnvSubstitution}).
 */
class ModelFilesFakeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void project() throws Exception {
        Files.writeString(dir.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n\n[pipeline.t]\ntype = \"transformation\"\n");
        Files.createDirectories(dir.resolve("models/marts"));
        Files.writeString(dir.resolve("models/_defaults.toml"), "[target]\ncatalog = \"${ROCKY_CATALOG:-poc}\"\nschema = \"staging\"\n\n"
                + "[strategy]\ntype = \"incremental\"\ntimestamp_column = \"ts\"\n\n[tags]\nowner = \"data\"\n");
        Files.writeString(dir.resolve("models/stg.sql"), "select 1 as id\n");
        Files.writeString(dir.resolve("models/stg.toml"), "name = \"stg\"\n");
        Files.writeString(dir.resolve("models/marts/_defaults.toml"), "[target]\ncatalog = \"poc\"\nschema = \"${MART_SCHEMA}\"\n");
        Files.writeString(dir.resolve("models/marts/fct.sql"), "select id from stg\n");
        Files.writeString(dir.resolve("models/marts/fct.toml"), "name = \"fct\"\n[strategy]\ntype = \"full_refresh\"\n");
    }

    private RockyProject.ModelSet models(Map<String, String> env) {
        return RockyProject.load(dir, "rocky.toml", env).models("models");
    }

    @Test
    void defaultsGiveOnlyTheEnginesFieldsFromTheModelsOwnDirectoryAndAreSubstituted() {
        RockyProject.ModelSet set = models(Map.of("ROCKY_CATALOG", "prod", "MART_SCHEMA", "marts"));

        RockyProject.Model stg = set.require("stg");
        assertThat(stg.target().path("catalog").asText()).isEqualTo("prod");
        assertThat(stg.strategyType()).isEqualTo("incremental");
        assertThat(stg.tags()).as("[tags] is per-model: _defaults.toml does not pass it on").isEmpty();

        RockyProject.Model fct = set.require("fct");
        assertThat(fct.target().path("catalog").asText()).as("its own directory's defaults, not the parent's").isEqualTo("poc");
        assertThat(fct.target().path("schema").asText()).isEqualTo("marts");
        assertThat(fct.strategy().has("timestamp_column")).as("the sidecar's strategy replaces the default's whole").isFalse();
    }

    @Test
    void anUnsetVariableInAModelFileIsTheEnginesSubstitutionError() {
        assertThatThrownBy(() -> models(Map.of()))
                .isInstanceOf(ProjectException.class)
                .hasMessageStartingWith("failed to substitute env vars in '" + dir.resolve("models/marts/_defaults.toml") + "': "
                        + "environment variable 'MART_SCHEMA' not set (referenced in config)");
    }

    @Test
    void perModelFieldsInDefaultsAndAMissingTargetAreRefusedWithTheEnginesMessages() throws Exception {
        Files.writeString(dir.resolve("models/marts/_defaults.toml"), "depends_on = [\"stg\"]\n");
        assertThatThrownBy(() -> models(Map.of())).hasMessage("_defaults.toml must not declare per-model field 'depends_on'");

        Files.delete(dir.resolve("models/marts/_defaults.toml"));
        assertThatThrownBy(() -> RockyProject.load(dir, "rocky.toml", Map.of()).models("models"))
                .hasMessage("model 'fct' is missing target.catalog (set it in the sidecar or in _defaults.toml)");
    }
}
