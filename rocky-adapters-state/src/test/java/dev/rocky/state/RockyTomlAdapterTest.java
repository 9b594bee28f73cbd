package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter a rocky.toml declares, read as the engine reads it. */
class RockyTomlAdapterTest {

    @TempDir
    Path dir;

    private Map<String, String> fields(String toml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("rocky.toml"), toml);
        return RockyTomlAdapter.fields(file, env);
    }

    @Test
    void theSingleAdapterTheDefaultOneOrTheFirstNamedOne() throws IOException {
        assertThat(fields("[adapter]\ntype = \"duckdb\"\npath = \"poc.duckdb\"\n", Map.of()))
                .containsExactly(Map.entry("type", "duckdb"), Map.entry("path", "poc.duckdb"));
        assertThat(fields("[adapter.warehouse]\ntype = \"snowflake\"\naccount = \"a\"\n[adapter.default]\ntype = \"databricks\"\n"
                + "host = \"${DBX_HOST}\"\n", Map.of("DBX_HOST", "dbc-1.cloud.databricks.com")))
                .as("default wins, placeholders substituted").containsEntry("type", "databricks")
                .containsEntry("host", "dbc-1.cloud.databricks.com");
        assertThat(fields("[adapter.warehouse]\ntype = \"snowflake\"\naccount = \"a\"\n", Map.of())).containsEntry("account", "a");
    }

    @Test
    void whatCannotBeReadIsNoAnswer() throws IOException {
        assertThat(fields("[pipeline.x]\ntype = \"replication\"\n", Map.of())).isEmpty();
        assertThat(fields("[adapter\nnot toml", Map.of())).isEmpty();
        assertThat(fields("[adapter]\ntype = \"${UNSET_VARIABLE}\"\n", Map.of())).as("an unset variable: the engine says so").isEmpty();
        assertThat(RockyTomlAdapter.fields(dir.resolve("absent.toml"), Map.of())).isEmpty();
    }
}
