package dev.rocky.testkit.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.contract.RockyContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the project-model fake derives where no recording exists: the rules, and the failure paths. */
class ProjectAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ProjectAnswers answers(String project) {
        return ProjectAnswers.of(RockyProject.load(RockyContract.extract("projects/" + project, work.resolve(project))));
    }

    private static JsonNode ok(ProjectAnswers a, String call) throws IOException {
        ProjectAnswers.Answer r = a.answer(Arrays.asList(call.split(" ")));
        assertThat(r.exitCode()).as("%s: %s", call, r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    @Test
    void complianceResolvesEveryEnvAndReportsTagsWithoutAStrategy() throws IOException {
        JsonNode out = ok(answers("05-classification-masking-compliance"), "compliance");
        assertThat(out.at("/summary/total_classified").asInt()).isEqualTo(10);
        assertThat(out.at("/summary/total_exceptions").asInt()).isEqualTo(2);
        assertThat(out.at("/summary/total_masked").asInt()).isEqualTo(8);
        assertThat(out.get("exceptions")).allSatisfy(e -> assertThat(e.get("column").asText()).isEqualTo("audit_note"));
        JsonNode prod = ok(answers("05-classification-masking-compliance"), "compliance --env prod");
        assertThat(prod.at("/per_column/0/envs")).singleElement().satisfies(e -> {
            assertThat(e.get("env").asText()).isEqualTo("prod");
            assertThat(e.get("masking_strategy").asText()).isEqualTo("redact");
        });
        assertThat(ok(answers("05-classification-masking-compliance"), "compliance --exceptions-only").get("per_column")).hasSize(1);
        ProjectAnswers.Answer gate = answers("05-classification-masking-compliance").answer(List.of("compliance", "--fail-on", "exception"));
        assertThat(gate.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(gate.stdout()).at("/summary/total_exceptions").asInt()).isEqualTo(2);
    }

    @Test
    void retentionComesFromSidecarsAndTheWarehouseFromTheScenario() throws IOException {
        Path dir = RockyContract.extract("projects/06-retention-policies", work.resolve("r"));
        ProjectAnswers drifted = new ProjectAnswers(RockyProject.load(dir), "1.71.0", Clock.systemUTC(), Map.of("page_views_30d", 7L));
        JsonNode out = ok(drifted, "retention-status");
        assertThat(out.get("models")).extracting(m -> m.get("model").asText() + "=" + m.get("configured_days") + "/"
                + m.get("warehouse_days") + "/" + m.get("in_sync")).containsExactly("ephemeral_summary=null/null/true",
                "ledger_archive_1y=365/365/true", "page_views_30d=30/7/false");
        assertThat(ok(drifted, "retention-status --drift").get("models")).hasSize(2);
        assertThat(ok(drifted, "retention-status --drift --model ephemeral_summary").get("message").asText())
                .contains("ephemeral_summary");
        assertThat(drifted.answer(List.of("retention-status", "--model", "nope")).stderr()).contains("model 'nope' not found");
    }

    @Test
    void dagModeProjectGetsTransformationNodesBehindTheLoad() throws IOException {
        JsonNode dag = ok(answers("07-dagster-dag-mode"), "dag --column-lineage");
        assertThat(dag.at("/summary/counts_by_kind/transformation").asInt()).isEqualTo(2);
        JsonNode stg = null;
        for (JsonNode n : dag.get("nodes")) {
            if (n.get("id").asText().equals("transformation:stg_orders")) {
                stg = n;
            }
        }
        assertThat(stg).isNotNull();
        assertThat(stg.get("depends_on").get(0).asText()).isEqualTo("load:ingest");
        assertThat(stg.at("/target/schema").asText()).isEqualTo("staging");
        assertThat(dag.get("column_lineage").toString()).contains("\"transform\":\"aggregation: sum\"");
        JsonNode partitioned = ok(answers("11-fail-loud-on-compile-error"), "dag");
        assertThat(partitioned.get("nodes").toString()).contains("\"partition_shape\":{\"granularity\":\"daily\",\"first_partition\":\"2026-04-04\"}");
    }

    @Test
    void seedQualityAndSnapshotNodesAppearWhereTheProjectDeclaresThem() throws IOException {
        Path dir = RockyContract.extract("projects/07-dagster-dag-mode", work.resolve("q"));
        Files.writeString(dir.resolve("rocky.toml"), Files.readString(dir.resolve("rocky.toml"))
                + "\n[pipeline.checks]\ntype = \"quality\"\ndepends_on = [\"transform\"]\n"
                + "\n[pipeline.history]\ntype = \"snapshot\"\ndepends_on = [\"ingest\"]\n");
        // Seeds as the engine's discover_seeds (seeds.rs): CSV and TSV files, a sidecar naming and targeting one.
        Files.createDirectories(dir.resolve("seeds"));
        Files.writeString(dir.resolve("seeds/countries.csv"), "code\nNL\n");
        Files.writeString(dir.resolve("seeds/regions.tsv"), "id\tname\n1\teu\n");
        Files.writeString(dir.resolve("seeds/regions.toml"), "name = \"dim_region\"\n[target]\nschema = \"ref\"\n");
        Files.writeString(dir.resolve("seeds/notes.sql"), "SELECT 1\n");
        JsonNode dag = ok(ProjectAnswers.of(RockyProject.load(dir)), "dag");
        assertThat(dag.at("/summary/counts_by_kind").toString()).contains("\"quality\":1", "\"seed\":2", "\"snapshot\":1");
        assertThat(dag.get("nodes").toString())
                .contains("{\"id\":\"seed:countries\",\"kind\":\"seed\",\"label\":\"countries\",\"target\":{\"catalog\":\"\","
                        + "\"schema\":\"\",\"table\":\"countries\"}}")
                .contains("\"id\":\"seed:dim_region\"").contains("{\"catalog\":\"\",\"schema\":\"ref\",\"table\":\"dim_region\"}");
        assertThat(dag.get("edges").toString()).contains("{\"from\":\"transformation:fct_customer_revenue\",\"to\":\"quality:checks\"")
                .contains("{\"from\":\"load:ingest\",\"to\":\"snapshot:history\"");
        assertThat(dev.rocky.testkit.RockySchemas.violations(dag)).isEmpty();
    }

    @Test
    void projectFreshnessIsTheLastRungForModelsWithoutTheirOwn() throws IOException {
        Path dir = RockyContract.extract("projects/07-freshness-sla", work.resolve("f"));
        ProjectAnswers withProject = ProjectAnswers.of(RockyProject.load(dir, "rocky-project-freshness.toml"));
        JsonNode out = ok(withProject, "compile");
        assertThat(out.get("models_detail")).extracting(m -> m.get("name").asText() + ":" + m.at("/freshness/max_lag_seconds").asLong())
                .containsExactlyInAnyOrder("dim_customer:86400", "stg_orders:86400", "stg_shipments:3600");
        assertThat(ok(ProjectAnswers.of(RockyProject.load(dir)), "compile").get("models_detail"))
                .filteredOn(m -> m.has("freshness")).hasSize(1);
    }

    @Test
    void discoverRefusesWhatRockyRefuses() {
        ProjectAnswers.Answer noAdapter = answers("01-data-contracts-strict").answer(List.of("discover"));
        assertThat(noAdapter.exitCode()).isEqualTo(1);
        assertThat(noAdapter.stdout()).isEmpty();
        assertThat(noAdapter.stderr()).isEqualTo("Error: no discovery adapter configured for this pipeline\n");
        // rocky-cli registry.rs resolve_replication_pipeline: its messages, word for word.
        ProjectAnswers showcase = answers("11-strategy-showcase");
        assertThat(showcase.answer(List.of("discover")).stderr())
                .isEqualTo("Error: multiple pipelines defined (fr, inc, merge). Use --pipeline <name> to select one.\n");
        assertThat(showcase.answer(List.of("discover", "--pipeline", "inc")).exitCode()).isZero();
        assertThat(showcase.answer(List.of("discover", "--pipeline", "merge")).stderr())
                .isEqualTo("Error: pipeline 'merge' is type 'transformation', but this command only supports replication pipelines\n");
        assertThat(showcase.answer(List.of("discover", "--pipeline", "nope")).stderr())
                .isEqualTo("Error: pipeline 'nope' not found in config\n");
    }

    /** A project with no replication pipeline: the engine's discover refuses it (registry.rs), with its words. */
    @Test
    void discoverOfAProjectWithoutAReplicationPipelineIsTheEnginesError() throws IOException {
        Path only = work.resolve("t");
        Files.createDirectories(only);
        Files.writeString(only.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n\n[pipeline.transform]\ntype = \"transformation\"\n");
        ProjectAnswers.Answer a = ProjectAnswers.of(RockyProject.load(only)).answer(List.of("discover"));
        assertThat(a.exitCode()).isEqualTo(1);
        assertThat(a.stdout()).isEmpty();
        assertThat(a.stderr())
                .isEqualTo("Error: pipeline 'transform' is type 'transformation', but this command only supports replication pipelines\n");

        Files.writeString(only.resolve("rocky.toml"), "[adapter]\ntype = \"duckdb\"\n");
        assertThat(ProjectAnswers.of(RockyProject.load(only)).answer(List.of("discover")).stderr())
                .isEqualTo("Error: no pipelines defined in config\n");
    }

    @Test
    void planIsPersistedAndApplyRunsItOrSaysWhatIsMissing() throws IOException {
        ProjectAnswers a = answers("01-replication-basics");
        JsonNode plan = ok(a, "plan --filter source=orders");
        String id = plan.get("plan_id").asText();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(work.resolve("01-replication-basics/.rocky/plans/" + id + ".json")).exists();
        JsonNode applied = ok(a, "apply " + id);
        assertThat(applied.get("command").asText()).isEqualTo("run");
        assertThat(applied.get("tables_copied").asInt()).isEqualTo(1);
        ProjectAnswers.Answer missing = a.answer(List.of("apply", "0".repeat(64)));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("run `rocky plan` first");
    }

    @Test
    void badSelectionsAreErrorsNamingTheValue() {
        ProjectAnswers a = answers("03-partition-checksum");
        assertThat(a.answer(List.of("run", "--filter", "source")).stderr()).contains("invalid --filter 'source'");
        assertThat(a.answer(List.of("run", "--filter", "tenant=x")).stderr()).contains("invalid --filter key 'tenant'");
        assertThat(a.answer(List.of("run", "--models", "models", "--partition", "April")).stderr())
                .contains("invalid partition key 'April'");
        assertThat(a.answer(List.of("run", "--models", "models", "--from", "2026-04-09", "--to", "2026-04-01")).stderr())
                .contains("is after --to");
        assertThat(a.answer(List.of("lineage", "nope")).stderr())
                .isEqualTo("Error: model 'nope' not found under models/ (models: fct_daily_orders); name one of them\n");
        assertThat(a.answer(List.of("lineage", "fct_daily_orders", "--column", "nope")).stderr())
                .contains("column 'nope' not found in model 'fct_daily_orders' (columns: order_date, customer_id, order_count, revenue)");
        ProjectAnswers.Answer usage = a.answer(List.of("compile", "--models"));
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(a.answer(List.of("frobnicate")).exitCode()).isEqualTo(2);
    }

    @Test
    void aBrokenSidecarNamesTheFile() throws IOException {
        Path dir = RockyContract.extract("projects/06-retention-policies", work.resolve("b"));
        Files.writeString(dir.resolve("models/page_views_30d.toml"), "retention = \n");
        RockyProject project = RockyProject.load(dir);
        assertThatThrownBy(() -> project.models("models")).isInstanceOf(ProjectException.class).hasMessageContaining("page_views_30d.toml");
        Files.writeString(dir.resolve("models/page_views_30d.toml"), "retention = \"30 days\"\n");
        assertThat(ProjectAnswers.of(RockyProject.load(dir)).answer(List.of("retention-status")).stderr())
                .contains("retention = \"30 days\" is not <N>d or <N>y");
        assertThatThrownBy(() -> RockyProject.load(work.resolve("missing"))).hasMessageContaining("no rocky.toml");
    }

    @Test
    void queryReadingCoversTheShapesTheProjectsUse() {
        ModelQuery q = ModelQuery.parseSql("WITH x AS (SELECT 1 FROM a.b) SELECT DISTINCT t.id, CAST(v AS INT) AS v2, "
                + "SUM(amount) total, COUNT(*) AS n, a / b AS ratio FROM x JOIN s.t u ON u.id = t.id -- trailing\n");
        assertThat(q.relations()).containsExactly("a.b", "s.t");
        assertThat(q.items()).extracting(ModelQuery.Item::name).containsExactly("id", "v2", "total", "n", "ratio");
        assertThat(q.items().get(0).transform()).contains("direct");
        assertThat(q.items().get(2).transform()).contains("aggregation: sum");
        assertThat(q.items().get(3).transform()).contains("aggregation: count");
        assertThat(q.items().get(3).sourceColumns()).isEmpty();
        assertThat(q.items().get(4).transform()).isEqualTo(Optional.empty());
        ModelQuery dsl = ModelQuery.parseRocky("from orders\nwhere x > 1\ngroup customer_id {\n  total: sum(amount),\n  n: count()\n}\n");
        assertThat(dsl.star()).isFalse();
        assertThat(dsl.items()).extracting(ModelQuery.Item::name).containsExactly("customer_id", "total", "n");
        assertThat(ModelQuery.parseRocky("from orders\nwhere y != 'a'\n").star()).isTrue();
    }
}
