package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.testkit.FakeRocky;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake substitutes {@code rocky.toml}'s placeholders as the engine does before it parses the
 * config (rocky-data/rocky {@code engine/crates/rocky-core/src/config.rs},
 * {@code substitute_env_vars_with_report}), and refuses every command of a config naming an unset
 * variable without a default with the engine's {@code ConfigError::MissingEnvVar} message.
 */
class EnvSubstitutionFakeTest {

    @TempDir
    Path dir;

    private Path project() throws Exception {
        Path p = FakeRocky.forBundledProject("01-replication-basics", dir).projectDir();
        Path toml = p.resolve("rocky.toml");
        String text = Files.readString(toml);
        assertThat(text).contains("catalog_template = \"playground\"");
        Files.writeString(toml, "# a commented ${NEVER_SET} stays a comment\n"
                + text.replace("catalog_template = \"playground\"", "catalog_template = \"${ROCKY_CATALOG:-playground}\""));
        return p;
    }

    private static CommandResult run(FakeRocky rocky, Path p, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("rocky", "--config", "rocky.toml", "--output", "json"));
        argv.addAll(List.of(args));
        return rocky.run(new CommandRequest(args[0], argv, p, Map.of(), Duration.ofSeconds(30), 64 << 20), line -> { });
    }

    private static List<String> targetCatalogs(CommandResult run) throws Exception {
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        List<String> out = new java.util.ArrayList<>();
        root.path("materializations").forEach(m -> out.add(m.path("metadata").path("target_table_full_name").asText().split("\\.")[0]));
        return out;
    }

    @Test
    void aDefaultAppliesWhenTheVariableIsUnsetAndTheValueWhenItIsSet() throws Exception {
        Path p = project();

        FakeRocky unset = FakeRocky.forProject(p).withEnvironment(Map.of()).build();
        FakeRocky set = FakeRocky.forProject(p).withEnvironment(Map.of("ROCKY_CATALOG", "prod")).build();

        assertThat(targetCatalogs(run(unset, p, "run", "--filter", "source=orders"))).isNotEmpty().containsOnly("playground");
        assertThat(targetCatalogs(run(set, p, "run", "--filter", "source=orders"))).isNotEmpty().containsOnly("prod");
    }

    @Test
    void anUnsetVariableWithoutADefaultFailsEveryCommandButVersionWithTheEnginesMessage() throws Exception {
        Path p = project();
        Path toml = p.resolve("rocky.toml");
        Files.writeString(toml, Files.readString(toml).replace("${ROCKY_CATALOG:-playground}", "${ROCKY_CATALOG}"));

        FakeRocky rocky = FakeRocky.forProject(p).withEnvironment(Map.of()).build();

        for (String command : List.of("discover", "dag", "compile")) {
            CommandResult r = run(rocky, p, command);
            assertThat(r.exitCode()).as(command).isEqualTo(1);
            assertThat(String.join("\n", r.stderrTail())).as(command)
                    .startsWith("Error: environment variable 'ROCKY_CATALOG' not set (referenced in config)");
        }
        CommandResult version = rocky.run(new CommandRequest("--version", List.of("rocky", "--version"), p, Map.of(),
                Duration.ofSeconds(5), 1024), line -> { });
        assertThat(version.exitCode()).isZero();
        assertThat(new String(version.stdout(), StandardCharsets.UTF_8)).startsWith("rocky ");
    }
}
