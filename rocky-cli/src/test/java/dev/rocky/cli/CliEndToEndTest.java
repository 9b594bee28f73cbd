package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyJournal;
import dev.rocky.testkit.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on the recorded project, through the CLI and a real (fake) rocky process. */
class CliEndToEndTest {

    @TempDir
    Path dir;

    private CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
    }

    @Test
    void refreshCallsRockyOnceAndDefsCallsNothing() throws Exception {
        CliFixture.Run refresh = fx.cli("refresh");
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("1 sources, 1 tables, slots discover, compile, optimize");
        List<Invocation> afterRefresh = FakeRockyJournal.read(fx.journal);
        assertThat(afterRefresh).extracting(Invocation::subcommandArgs).containsExactly(
                List.of("--version"), List.of("discover"), List.of("compile", "--models", "models"),
                List.of("optimize", "--models", "models"));
        Invocation discover = afterRefresh.get(1);
        assertThat(discover.argv()).containsSubsequence("--config", "rocky.toml", "--state-path", ".rocky-state.redb",
                "--output", "json", "discover");
        assertThat(discover.workingDirectory()).isEqualTo(fx.project.toRealPath().toString());
        assertThat(discover.environmentKeys()).contains("ROCKY_SUPPRESS_DEPRECATION");

        CliFixture.Run first = fx.cli("defs", "--format", "json");
        CliFixture.Run second = fx.cli("defs");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(FakeRockyJournal.read(fx.journal)).hasSameSizeAs(afterRefresh);

        JsonNode assets = new ObjectMapper().readTree(first.out()).path("assets");
        assertThat(assets).hasSize(1);
        JsonNode orders = assets.get(0);
        assertThat(orders.path("key").toString()).isEqualTo("[\"duckdb\",\"orders\",\"orders\"]");
        assertThat(orders.path("group").asText()).isEqualTo("orders");
        assertThat(orders.path("kinds").toString()).isEqualTo("[\"rocky\",\"duckdb\"]");
        assertThat(orders.path("checks").findValuesAsText("name")).containsExactly("row_count", "column_match", "freshness",
                "row_count_anomaly");
        assertThat(orders.path("checks").findValuesAsText("description")).allSatisfy(d -> assertThat(d).isNotBlank());
        assertThat(orders.path("run_target").path("kind").asText()).isEqualTo("source_table");
        assertThat(orders.path("run_target").path("source_id").asText()).isEqualTo("raw__orders");
        assertThat(orders.path("tags").path("rocky/source").asText()).isEqualTo("orders");
        assertThat(orders.path("metadata").path("source_id").asText()).isEqualTo("raw__orders");
        assertThat(orders.path("metadata").has("row_count")).as("an absent row count is left out, as in the reference").isFalse();
        assertThat(orders.path("freshness").isNull()).isTrue();
        assertThat(second.out()).contains("group orders (1 asset)").contains("duckdb/orders/orders")
                .contains("1 asset in 1 group, 4 checks");
    }

    @Test
    void versionNamesTheBuildTheEngineFloorAndTheJvm() {
        CliFixture.Run run = fx.cli("-V");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^rocky-component \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?$")
                .contains("rocky engine 1.34.0 or newer").contains("Java ").doesNotContain("development build");
    }

    @Test
    void validateReportsEachPartAndTheState() {
        assertThat(fx.cli("refresh").exitCode()).isZero();
        CliFixture.Run run = fx.cli("validate");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("ok     defs\\.yaml   \\S+ \\(\\d+ of "
                + dev.rocky.component.config.DefsAttributes.all().size() + " attributes set: binary_path \\(engine\\)")
                .contains("ok     binary").contains("3 models: customer_orders, raw_orders, revenue_summary")
                .contains("format 1, 1 sources, 1 tables, compile, optimize, dag_status disabled)")
                .contains("ok     freshness   inputs unchanged since the refresh").endsWith("valid\n");
    }

    @Test
    void validateFailsWithoutStateAndSaysWhy() throws Exception {
        CliFixture.Run run = fx.cli("validate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("error  state").contains("rocky-component refresh").contains("1 problem found");
        assertThat(Files.exists(fx.journal)).isFalse();
    }

    @Test
    void aUsageErrorExitsTwo() {
        assertThat(fx.cli("frobnicate").exitCode()).isEqualTo(2);
        assertThat(fx.cli("defs", "--format", "xml").exitCode()).isEqualTo(2);
        assertThat(fx.cli().exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliFixture.Run run = fx.cli("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("refresh").contains("defs").contains("validate").contains("Exit codes");
    }
}
