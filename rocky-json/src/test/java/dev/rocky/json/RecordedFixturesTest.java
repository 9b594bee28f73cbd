package dev.rocky.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocky.contract.RockyContract;
import dev.rocky.core.dag.DagResult;
import dev.rocky.core.discover.DiscoverResult;
import dev.rocky.core.model.CompileResult;
import dev.rocky.core.model.OptimizeResult;
import dev.rocky.core.run.PlanResult;
import dev.rocky.core.run.RunResult;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stdout recorded from the real binary: valid against the engine's own schema for its
 * command, and parsed by our DTOs where we read that command.
 */
class RecordedFixturesTest {

    static Stream<String> fixtures() {
        return RockyContract.fixtures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureMatchesThePublishedSchemaOfItsCommand(String fixture) {
        JsonNode payload = ContractSchemas.tree(RockyContract.read(fixture));
        Optional<String> schema = ContractSchemas.schemaNameFor(payload);
        if (fixture.startsWith("fixtures/live/") && schema.isEmpty()) {
            // fulfill / product_status: the engine publishes no schema for these; MANIFEST says they are un-normalised.
            assertThat(payload.path("version").asText()).as(fixture).isEqualTo("1.71.0");
            return;
        }
        assertThat(schema).as("schema for %s", fixture).isPresent();
        assertThat(ContractSchemas.validate(schema.get(), payload)).as(fixture).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureParsesWhereWeReadItsCommand(String fixture) throws Exception {
        byte[] bytes = RockyContract.read(fixture).getBytes(StandardCharsets.UTF_8);
        String command = ContractSchemas.tree(RockyContract.read(fixture)).path("command").asText();
        switch (command) {
            case "discover" -> {
                DiscoverResult r = RockyJson.mapper().readValue(bytes, DiscoverOutput.class).toDomain();
                assertThat(r.sources()).isNotEmpty();
                assertThat(r.version()).isEqualTo("0.0.0-SENTINEL");
            }
            case "compile" -> {
                CompileResult r = RockyJson.mapper().readValue(bytes, CompileOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.models()).hasSize(tree.path("models_detail").size());
                assertThat(r.hasErrors()).isEqualTo(tree.path("has_errors").asBoolean());
                assertThat(r.diagnostics()).hasSize(tree.path("diagnostics").size());
            }
            case "optimize" -> {
                OptimizeResult r = RockyJson.mapper().readValue(bytes, OptimizeOutput.class).toDomain();
                assertThat(r.recommendations()).isNotEmpty();
            }
            case "dag" -> {
                DagResult r = RockyJson.mapper().readValue(bytes, DagOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.nodes()).hasSize(tree.path("nodes").size());
                assertThat(r.edges()).hasSize(tree.path("edges").size());
                assertThat(r.columnLineage()).hasSize(tree.path("column_lineage").size());
                assertThat(r.schemaVersion()).isEqualTo(tree.path("schema_version").asText("1"));
            }
            case "run" -> {
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                RunResult r = RockyJson.mapper().readValue(bytes, RunOutput.class).toDomain(0);
                assertThat(r.status().wireName()).isEqualTo(tree.path("status").asText());
                assertThat(r.materializations()).hasSize(tree.path("materializations").size());
                assertThat(r.checkResults()).hasSize(tree.path("check_results").size());
                assertThat(r.errors()).hasSize(tree.path("errors").size());
                assertThat(r.driftActions()).hasSize(tree.path("drift").path("actions_taken").size());
                assertThat(r.anomalies()).hasSize(tree.path("anomalies").size());
                for (int i = 0; i < r.materializations().size(); i++) {
                    JsonNode m = tree.path("materializations").get(i);
                    RunResult.Materialization parsed = r.materializations().get(i);
                    assertThat(parsed.assetKey()).hasSize(m.path("asset_key").size());
                    assertThat(parsed.strategy()).isEqualTo(m.path("metadata").path("strategy").asText());
                    assertThat(parsed.partition().map(RunResult.Partition::key))
                            .isEqualTo(Optional.ofNullable(m.path("partition").path("key").textValue()));
                    assertThat(parsed.sqlHash()).isEqualTo(Optional.ofNullable(m.path("metadata").path("sql_hash").textValue()));
                }
            }
            case "plan" -> {
                PlanResult r = RockyJson.mapper().readValue(bytes, PlanOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.planId()).contains(tree.path("plan_id").asText());
                assertThat(r.statementCount()).isEqualTo(tree.path("statements").size());
            }
            case "doctor" -> {
                dev.rocky.core.run.DoctorResult r = RockyJson.mapper().readValue(bytes, DoctorOutput.class).toDomain(0);
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.overall()).isEqualTo(tree.path("overall").asText());
                assertThat(r.checks()).hasSize(tree.path("checks").size());
                assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).isNotEqualTo(dev.rocky.core.run.DoctorResult.Status.UNKNOWN));
                assertThat(r.check("state_rw")).as("the recorded state_rw check").isPresent();
            }
            case "lineage" -> {
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                if (tree.has("column")) {
                    dev.rocky.core.report.ColumnTrace r = RockyJson.mapper().readValue(bytes, ReportOutputs.ColumnLineageOutput.class)
                            .toDomain();
                    assertThat(r.column()).isEqualTo(tree.path("column").asText());
                    assertThat(r.trace()).hasSize(tree.path("trace").size());
                } else {
                    assertThat(RockyJson.mapper().readValue(bytes, LineageOutput.class).toDomain().model())
                            .isEqualTo(tree.path("model").asText());
                }
            }
            case "state" -> {
                dev.rocky.core.report.StateReport r = RockyJson.mapper().readValue(bytes, ReportOutputs.StateOutput.class).toDomain();
                assertThat(r.watermarks()).hasSize(ContractSchemas.tree(RockyContract.read(fixture)).path("watermarks").size());
            }
            case "history" -> {
                dev.rocky.core.report.RunHistory r = RockyJson.mapper().readValue(bytes, ReportOutputs.HistoryOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.runs()).hasSize(tree.path("runs").size()).hasSize(tree.path("count").asInt());
            }
            case "metrics" -> {
                dev.rocky.core.report.ModelMetrics r = RockyJson.mapper().readValue(bytes, ReportOutputs.MetricsOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.model()).isEqualTo(tree.path("model").asText());
                assertThat(r.snapshots()).hasSize(tree.path("snapshots").size());
            }
            case "cost" -> {
                dev.rocky.core.report.RunCost r = RockyJson.mapper().readValue(bytes, ReportOutputs.CostOutput.class).toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.runId()).isEqualTo(tree.path("run_id").asText());
                assertThat(r.perModel()).hasSize(tree.path("per_model").size());
            }
            case "test" -> {
                dev.rocky.core.report.TestReport r = RockyJson.mapper().readValue(bytes, ReportOutputs.TestOutput.class).toDomain(0);
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.total()).isEqualTo(tree.path("total").asLong());
                assertThat(r.ok()).isEqualTo(tree.path("failed").asLong() == 0);
            }
            case "ci" -> {
                dev.rocky.core.report.CiReport r = RockyJson.mapper().readValue(bytes, ReportOutputs.CiOutput.class).toDomain(0);
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.ok()).isEqualTo(tree.path("compile_ok").asBoolean() && tree.path("tests_ok").asBoolean());
                assertThat(r.modelsCompiled()).isEqualTo(tree.path("models_compiled").asLong());
            }
            case "review_status" -> {
                dev.rocky.core.report.ReviewStatus r = RockyJson.mapper().readValue(bytes, ReportOutputs.ReviewStatusOutput.class)
                        .toDomain();
                JsonNode tree = ContractSchemas.tree(RockyContract.read(fixture));
                assertThat(r.planId()).isEqualTo(tree.path("plan_id").asText());
                assertThat(r.reviewed()).isEqualTo(tree.path("reviewed").asBoolean());
            }
            default -> assertThat(ContractSchemas.tree(RockyContract.read(fixture)).isObject()).isTrue();
        }
    }
}
