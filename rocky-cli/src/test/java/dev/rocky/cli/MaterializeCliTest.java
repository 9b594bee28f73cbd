package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rocky-component materialize} end to end: the CLI in-process, rocky the testkit's
 * project-model fake as a real executable, faults from a scenario file.
 */
class MaterializeCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** 2 sources × 2 tables and 2 models (m00001 day-partitioned), surfaced as derived models. */
    private Path scaleProject(Optional<Fault> runFault) {
        return CliFixture.scaleProject(tmp, runFault, "");
    }

    private static List<JsonNode> jsonl(String out) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.lines().toList()) {
            assertThat(line).startsWith("{");
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static List<String> keys(List<JsonNode> events, String type) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("type").asText().equals(type)) {
                List<String> key = new ArrayList<>();
                e.path("asset_key").forEach(s -> key.add(s.asText()));
                out.add(String.join("/", key));
            }
        }
        return out;
    }

    @Test
    void theDagModeExampleMaterializesItsReplicationThroughPlanThenApplyAndKeepsThePlan() throws IOException {
        Path project = tmp.resolve("dag-mode");
        CliFixture.copyTree(Path.of("..", "examples", "dag-mode"), project, ".local_defs_state", "rocky-fake", ".rocky");
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), Optional.empty());
        Path defs = project.resolve("defs.yaml");
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();

        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> events = jsonl(run.out());
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("summary");
        assertThat(keys(events, "materialization")).containsExactly("ingest/source", "ingest/load", "poc/staging/stg_orders",
                "poc/gold/fct_customer_revenue");
        // rocky plan plans a replication pipeline only (plan.rs resolve_replication_pipeline): the ingest nodes go through
        // plan-then-apply, each model is one rocky run
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            String planId = e.path("metadata").path("rocky/plan_id").asText();
            if (e.path("asset_key").get(0).asText().equals("ingest")) {
                assertThat(planId).as(e.toString()).matches("[0-9a-f]{64}");
                assertThat(project.resolve(".rocky/plans/" + planId + ".json")).isRegularFile();
            } else {
                assertThat(planId).as(e.toString()).isEmpty();
            }
        }
        try (var plans = Files.list(project.resolve(".rocky/plans"))) {
            assertThat(plans.count()).isEqualTo(1);
        }

        CliFixture.Run fused = CliFixture.cli(defs, "materialize", "--select", "poc/gold/fct_customer_revenue", "--fused");
        assertThat(fused.exitCode()).as(fused.err()).isZero();
        assertThat(fused.out()).contains("materialized  poc/gold/fct_customer_revenue  strategy=full_refresh")
                .doesNotContain("plan_id").contains("1 materialized, 0 checks (0 failed), 0 observations, 0 failed, 1 rocky runs: success");
    }

    @Test
    void aWholeGroupRunsWithItsFilterAndDeclaredChecksAreAccountedFor() throws IOException {
        Path defs = scaleProject(Optional.empty());
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0001", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> events = jsonl(run.out());
        assertThat(keys(events, "materialization")).containsExactly("duckdb/src0001/t0000", "duckdb/src0001/t0001");
        assertThat(keys(events, "check")).hasSize(8);
        assertThat(events).filteredOn(e -> e.path("type").asText().equals("materialization"))
                .allSatisfy(e -> assertThat(e.path("metadata").path("dagster-rocky/target_table_full_name").asText())
                        .startsWith("warehouse.staging__src0001."));
    }

    @Test
    void aPartitionIsPassedInRockysFormAndReportedInTheOrchestrators() throws IOException {
        Path defs = scaleProject(Optional.empty());
        CliFixture.Run json = CliFixture.cli(defs, "defs", "--format", "json");
        JsonNode partitioned = null;
        for (JsonNode a : JSON.readTree(json.out()).path("assets")) {
            if (!a.path("partitions").isNull()) {
                partitioned = a;
            }
        }
        assertThat(partitioned).isNotNull();
        List<String> key = new ArrayList<>();
        partitioned.path("key").forEach(s -> key.add(s.asText()));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--select", String.join("/", key), "--from", "2026-04-06",
                "--to", "2026-04-08", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> partitions = new ArrayList<>();
        jsonl(run.out()).forEach(e -> {
            if (e.path("type").asText().equals("materialization")) {
                partitions.add(e.path("partition").asText());
            }
        });
        assertThat(partitions).containsExactly("2026-04-06", "2026-04-07", "2026-04-08");

        CliFixture.Run unpartitioned = CliFixture.cli(defs, "materialize", "--select", "duckdb/src0000/t0000", "--partition",
                "2026-04-07");
        assertThat(unpartitioned.exitCode()).isEqualTo(1);
        assertThat(unpartitioned.errLines()).singleElement().asString().contains("none of the selected assets is partitioned")
                .endsWith("[CONFIG_INVALID]");
    }

    @Test
    void aPartialFailureExitsThreeAndNamesTheFailedAssetAndItsKind() throws IOException {
        Path defs = scaleProject(Optional.of(new Fault.RunPartialFailure()));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0000", "--fused");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("materialized  duckdb/src0000/t0001")
                .contains("failed        duckdb/src0000/t0000 failed (connection-failed): table copy failed")
                .contains("check         duckdb/src0000/t0000 row_count failed WARN (table not materialized)")
                .contains("partial failure");
        assertThat(run.errLines()).singleElement().asString()
                .isEqualTo("rocky-component: error: 1 of 2 selected assets failed to materialize (the `failed` lines say which and why)"
                        + " [RUN_FAILED]");

        CliFixture.Run jsonl = CliFixture.cli(defs, "materialize", "--group", "src0000", "--fused", "--format", "jsonl");
        assertThat(jsonl(jsonl.out())).filteredOn(e -> e.path("type").asText().equals("failure")).singleElement()
                .satisfies(f -> {
                    assertThat(f.path("failure_kind").asText()).isEqualTo("connection-failed");
                    assertThat(f.path("engine_key").asText()).isEqualTo("duckdb.src0000.t0000");
                });
        JsonNode summary = jsonl(jsonl.out()).get(jsonl(jsonl.out()).size() - 1);
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("outcome").asText()).isEqualTo("partial_failure");
        assertThat(summary.path("exit_code").asInt()).isEqualTo(jsonl.exitCode()).isEqualTo(3);
        assertThat(summary.path("materializations").asInt()).isEqualTo(1);
        assertThat(summary.path("failures").asInt()).isEqualTo(1);
        assertThat(summary.path("retry_after_seconds").isNull()).as("a connection failure asks for no cooldown").isTrue();
    }

    @Test
    void aQuotaFailureExitsOneAndSaysWhenToRetry() throws IOException {
        Path defs = scaleProject(Optional.of(new Fault.QuotaExceeded(90)));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0000");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("failed (quota-exceeded)").contains("0 materialized");
        assertThat(run.errLines()).singleElement().asString().contains("2 of 2 selected assets failed")
                .contains("retry after 90 s").endsWith("[QUOTA_EXCEEDED]");

        CliFixture.Run jsonl = CliFixture.cli(defs, "materialize", "--group", "src0000", "--format", "jsonl");
        List<JsonNode> lines = jsonl(jsonl.out());
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("outcome").asText()).isEqualTo("failure");
        assertThat(summary.path("exit_code").asInt()).isEqualTo(jsonl.exitCode()).isEqualTo(1);
        assertThat(summary.path("retry_after_seconds").asLong()).as("the cooldown rocky gave").isEqualTo(90);
    }

    @Test
    void anUnknownSelectionIsOneReadableLine() throws IOException {
        Path defs = scaleProject(Optional.empty());
        CliFixture.Run key = CliFixture.cli(defs, "materialize", "--select", "duckdb/nope");
        assertThat(key.exitCode()).isEqualTo(1);
        assertThat(key.errLines()).singleElement().asString().contains("no asset duckdb/nope in the graph").endsWith("[CONFIG_INVALID]");
        CliFixture.Run group = CliFixture.cli(defs, "materialize", "--group", "nope");
        assertThat(group.errLines()).singleElement().asString().contains("no group 'nope'").contains("src0000");
        CliFixture.Run range = CliFixture.cli(defs, "materialize", "--from", "2026-01-01");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("--from and --to go together");
    }
}
