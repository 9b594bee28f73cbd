package dev.rocky.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyOutputException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.report.CiReport;
import dev.rocky.core.report.ModelMetrics;
import dev.rocky.core.report.ReviewStatus;
import dev.rocky.core.report.RunCost;
import dev.rocky.core.report.RunHistory;
import dev.rocky.core.report.StateReport;
import dev.rocky.core.report.TestReport;
import dev.rocky.core.run.DoctorResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reporting commands over the process adapter: each builds the SDK's argv
 * ({@code rocky_sdk/client.py}), reads its recording from the real rocky 1.71.0, and follows the
 * exit-code rule (a document printed with exit 1 from {@code test} or {@code ci}, or exit 3 from
 * {@code doctor}, is a report; any other non-zero exit is a command error).
 */
class ReportCommandsTest {

    private final ProcessRockyCliTest.ScriptedRunner runner = new ProcessRockyCliTest.ScriptedRunner();
    private final ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("/opt/rocky", Path.of("/proj")), runner,
            new LogSink() {
                @Override
                public void log(Level level, String message) {
                }
            });

    private static CommandResult exit(int code, String json) {
        return CommandResult.exited(code, json.getBytes(StandardCharsets.UTF_8), List.of("Error: something"), Duration.ofMillis(5));
    }

    private List<String> lastArgv() {
        List<String> argv = runner.requests.get(runner.requests.size() - 1).argv();
        return argv.subList(argv.indexOf("json") + 1, argv.size());
    }

    @Test
    void stateReadsTheWatermarks() {
        runner.next = exit(0, RockyContract.read("fixtures/state.json"));
        StateReport r = cli.state().value();
        assertThat(lastArgv()).containsExactly("state");
        assertThat(r.schemaVersionSupported()).isPositive();
        assertThat(r.watermarks()).allSatisfy(w -> assertThat(w.table()).isNotBlank());
    }

    @Test
    void historyPassesSinceAndReadsTheRuns() {
        runner.next = exit(0, RockyContract.read("fixtures/history.json"));
        RunHistory r = cli.history(Optional.of("2026-01-01")).value();
        assertThat(lastArgv()).containsExactly("history", "--since", "2026-01-01");
        assertThat(r.runs()).isNotEmpty().allSatisfy(run -> assertThat(run.runId()).startsWith("run-"));
        assertThatThrownBy(() -> cli.history(Optional.of("--model"))).hasMessageContaining("rocky would read it as an option");
    }

    @Test
    void metricsPassesItsFlags() {
        runner.next = exit(0, RockyContract.read("fixtures/metrics.json"));
        ModelMetrics r = cli.metrics("fct_orders", true, Optional.of("amount"), true).value();
        assertThat(lastArgv()).containsExactly("metrics", "fct_orders", "--trend", "--column", "amount", "--alerts");
        assertThat(r.model()).isNotBlank();
    }

    @Test
    void costReadsPerModelCost() {
        runner.next = exit(0, RockyContract.read("fixtures/cost.json"));
        RunCost r = cli.cost("latest").value();
        assertThat(lastArgv()).containsExactly("cost", "latest");
        assertThat(r.perModel()).isNotEmpty();
    }

    @Test
    void testAndCiFailuresAreReportsButOtherExitsAreErrors() {
        runner.next = exit(0, RockyContract.read("fixtures/test.json"));
        TestReport passed = cli.test("models", Optional.of("contracts"), Optional.of("stg_orders")).value();
        assertThat(lastArgv()).containsExactly("test", "--models", "models", "--contracts", "contracts", "--model", "stg_orders");
        assertThat(passed.exitCode()).isZero();

        // synthetic (no recording of a failing test): the recorded document with one failure, exit 1 as the engine does
        runner.next = exit(1, "{\"version\":\"1.71.0\",\"command\":\"test\",\"total\":2,\"passed\":1,\"failed\":1,"
                + "\"failures\":[{\"name\":\"stg_orders::not_null_id\",\"error\":\"2 null rows\"}]}");
        TestReport failed = cli.test("models", Optional.empty(), Optional.empty()).value();
        assertThat(failed.ok()).isFalse();
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.failures()).extracting(TestReport.Failure::name).containsExactly("stg_orders::not_null_id");

        runner.next = exit(0, RockyContract.read("fixtures/ci.json"));
        CiReport ci = cli.ci("models", Optional.empty()).value();
        assertThat(lastArgv()).containsExactly("ci", "--models", "models");
        assertThat(ci.ok()).isTrue();

        runner.next = exit(1, "");
        assertThatThrownBy(() -> cli.ci("models", Optional.empty())).isInstanceOf(RockyCommandException.class)
                .hasMessageContaining("rocky ci failed with exit code 1");
    }

    @Test
    void doctorExitingThreeWithItsDocumentIsAReport() {
        String recorded = RockyContract.read("fixtures/doctor.json");
        runner.next = exit(3, recorded.replaceFirst("\"status\": \"healthy\"", "\"status\": \"critical\""));
        DoctorResult r = cli.doctor().value();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.checks().get(0).status()).isEqualTo(DoctorResult.Status.CRITICAL);
    }

    @Test
    void reviewStatusChecksThePlanIdAndReadsTheVerdict() {
        runner.next = exit(0, RockyContract.read("fixtures/review_status.json"));
        String id = "a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca";
        ReviewStatus r = cli.reviewStatus(id).value();
        assertThat(lastArgv()).containsExactly("review", id, "--status");
        assertThat(r.reviewed()).isFalse();
        assertThat(r.approverEmail()).isEmpty();
        assertThatThrownBy(() -> cli.reviewStatus("latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
    }

    @Test
    void aDocumentMissingARequiredFieldIsASchemaMismatchNamingIt() {
        runner.next = exit(0, "{\"version\":\"1.71.0\",\"command\":\"cost\",\"run_id\":\"run-1\"}");
        assertThatThrownBy(() -> cli.cost("latest")).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH)).hasMessageContaining("rocky cost output does not match");
        runner.next = exit(0, RockyContract.read("fixtures/state.json"));
        assertThatThrownBy(() -> cli.cost("latest")).hasMessageContaining("printed a 'state' document");
    }

    /** The SDK's feature floor: run_model(pipeline=…) needs rocky 1.69.0 (rocky_sdk client.py {@code _require_engine}). */
    @Test
    void aModelRunInItsPipelineIsRefusedBeforeSpawningOnAnOlderEngine() {
        runner.version = "rocky 1.68.2\n";
        dev.rocky.core.run.RunOptions inPipeline = dev.rocky.core.run.RunOptions.builder().model("fct").pipeline("transform").build();
        assertThatThrownBy(() -> cli.run(inPipeline, (level, message) -> { })).isInstanceOfSatisfying(
                dev.rocky.core.error.RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_TOO_OLD))
                .hasMessageContaining("rocky run --model with --pipeline needs rocky 1.69.0 or newer").hasMessageContaining("1.68.2");
        assertThat(runner.requests).extracting(r -> r.argv().get(1)).containsExactly("--version");

        runner.next = exit(0, RockyContract.read("fixtures/run.json"));
        cli.run(dev.rocky.core.run.RunOptions.builder().model("fct").models("models", false).build(), (level, message) -> { });
        assertThat(lastArgv()).containsExactly("run", "--models", "models", "--model", "fct");
    }

    @Test
    void deferAndResumeAreRunFlagsThatPlanRefuses() {
        dev.rocky.core.run.RunOptions deferred = dev.rocky.core.run.RunOptions.builder().model("fct").models("models", false)
                .defer(true).deferTo("prod").build();
        runner.next = exit(0, RockyContract.read("fixtures/run.json"));
        cli.run(deferred, (level, message) -> { });
        assertThat(lastArgv()).containsExactly("run", "--models", "models", "--model", "fct", "--defer", "--defer-to", "prod");
        assertThatThrownBy(() -> cli.plan(deferred, (level, message) -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--defer, --defer-to exist on rocky run only");

        runner.next = exit(0, RockyContract.read("fixtures/run.json"));
        cli.run(dev.rocky.core.run.RunOptions.builder().resume("run-20261201-000000-000").build(), (level, message) -> { });
        assertThat(lastArgv()).containsExactly("run", "--resume", "run-20261201-000000-000");
        assertThatThrownBy(() -> dev.rocky.core.run.RunOptions.builder().resume("r").resumeLatest(true).build())
                .hasMessageContaining("choose one of resume");

        runner.next = exit(0, RockyContract.read("fixtures/plan.json").replace("\"plan_id\"", "\"plan_ref\""));
        cli.plan(dev.rocky.core.run.RunOptions.builder().filter("source=orders").env("prod").build(), (level, message) -> { });
        assertThat(lastArgv()).containsExactly("plan", "--filter", "source=orders", "--env", "prod");
    }

    /** rocky 1.71.0 prints the run bare; the schema's apply envelope is read too, and success=false is never a green. */
    @Test
    void applyReadsTheRunBareOrInsideTheEnvelopeAndRefusesAFailedEnvelope() {
        String id = "a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca";
        String run = RockyContract.read("fixtures/apply.json");
        runner.next = exit(0, run);
        assertThat(cli.apply(id, dev.rocky.core.run.RunOptions.builder().build(), (l, m) -> { }).value().tablesCopied()).isEqualTo(1);

        // synthetic: the envelope of apply.schema.json around the recorded run
        runner.next = exit(0, "{\"version\":\"1.71.0\",\"command\":\"apply\",\"plan_id\":\"" + id + "\",\"plan_kind\":\"run\","
                + "\"success\":true,\"result\":" + run + "}");
        assertThat(cli.apply(id, "sha256:abc", dev.rocky.core.run.RunOptions.builder().build(), (l, m) -> { }).value().tablesCopied())
                .isEqualTo(1);
        assertThat(lastArgv()).containsExactly("apply", id, "--expect-spec-digest", "sha256:abc");

        runner.next = exit(1, "{\"version\":\"1.71.0\",\"command\":\"apply\",\"plan_id\":\"" + id + "\",\"plan_kind\":\"run\","
                + "\"success\":false,\"result\":" + run + "}");
        assertThatThrownBy(() -> cli.apply(id, dev.rocky.core.run.RunOptions.builder().build(), (l, m) -> { }))
                .isInstanceOfSatisfying(dev.rocky.core.error.RockyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
                .hasMessageContaining("success=false for plan " + id);

        runner.next = exit(0, "{\"version\":\"1.71.0\",\"command\":\"apply\",\"plan_id\":\"" + id + "\",\"plan_kind\":\"compact\","
                + "\"success\":true,\"result\":{\"command\":\"compact apply\"}}");
        assertThatThrownBy(() -> cli.apply(id, dev.rocky.core.run.RunOptions.builder().build(), (l, m) -> { }))
                .hasMessageContaining("printed a 'compact apply' result, not a run");
    }

    @Test
    void modelHistoryCompileOfOneModelAndTheFivetranStateFile() {
        // synthetic (no recording): a document of model_history.schema.json
        runner.next = exit(0, "{\"version\":\"1.71.0\",\"command\":\"history\",\"model\":\"fct\",\"count\":1,\"executions\":"
                + "[{\"started_at\":\"2026-12-01T00:00:00Z\",\"status\":\"success\",\"duration_ms\":12,\"sql_hash\":\"ab\","
                + "\"rows_affected\":3}]}");
        dev.rocky.core.report.ModelHistory h = cli.modelHistory("fct").value();
        assertThat(lastArgv()).containsExactly("history", "--model", "fct");
        assertThat(h.executions()).singleElement().satisfies(e -> assertThat(e.rowsAffected()).hasValue(3));

        runner.next = exit(0, RockyContract.read("fixtures/compile.json"));
        cli.compile("models", Optional.empty(), "revenue_summary");
        assertThat(lastArgv()).containsExactly("compile", "--models", "models", "--model", "revenue_summary");

        runner.next = exit(0, RockyContract.read("fixtures/discover.json"));
        assertThat(cli.discover(Optional.of("ingest"), "state/fivetran.json").value().sources()).isNotEmpty();
        assertThat(lastArgv()).containsExactly("discover", "--pipeline", "ingest", "--emit-fivetran-state-to", "state/fivetran.json");
    }

    @Test
    void schemaLessCommandsKeepTheirOutputAndFollowTheExitRule() {
        runner.next = exit(0, "{\"command\":\"catalog\",\"models\":[]}");
        dev.rocky.core.report.RawReport catalog = cli.raw(dev.rocky.core.report.RawCommand.catalog("models")).value();
        assertThat(lastArgv()).containsExactly("catalog", "--models", "models");
        assertThat(catalog.text()).contains("\"catalog\"");

        runner.next = exit(2, "{\"status\":\"needs_input\",\"paste_block\":\"[policy]\"}");
        dev.rocky.core.report.RawReport verify = cli.raw(dev.rocky.core.report.RawCommand.product(
                dev.rocky.core.report.RawCommand.ProductVerb.VERIFY, "orders_mart")).value();
        assertThat(verify.exitCode()).as("product verify's non-pass is a report").isEqualTo(2);
        assertThat(lastArgv()).containsExactly("product", "verify", "orders_mart");

        runner.next = exit(1, "{\"error\":\"x\"}");
        assertThatThrownBy(() -> cli.raw(dev.rocky.core.report.RawCommand.product(dev.rocky.core.report.RawCommand.ProductVerb.APPROVE,
                "orders_mart"))).isInstanceOf(RockyCommandException.class);

        runner.next = exit(0, "hook fired: on_run_start\n");
        assertThat(cli.raw(dev.rocky.core.report.RawCommand.hooksTest("on_run_start")).value().text()).startsWith("hook fired");

        runner.next = exit(0, "not json");
        assertThatThrownBy(() -> cli.raw(dev.rocky.core.report.RawCommand.testAdapter(Optional.of("duckdb"), Optional.empty())))
                .isInstanceOfSatisfying(RockyOutputException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));

        assertThat(dev.rocky.core.report.RawCommand.planPromote("p", "main", "models", true, Optional.of("source=a")).argv())
                .containsExactly("plan", "promote", "p", "--base", "main", "--models", "models", "--allow-breaking", "--filter", "source=a");
        assertThat(dev.rocky.core.report.RawCommand.aiModels("ai-test", "models", Optional.of("fct"), false, true).argv())
                .containsExactly("ai-test", "--models", "models", "fct", "--save");
        assertThatThrownBy(() -> dev.rocky.core.report.RawCommand.branchApprove("--all")).hasMessageContaining("rocky would read it as an option");
    }

    @Test
    void columnLineageAndTheDagRun() {
        runner.next = exit(0, RockyContract.read("fixtures/lineage/lineage_column.json"));
        dev.rocky.core.report.ColumnTrace trace = cli.columnLineage("fct_revenue", "total", "models", false).value();
        assertThat(lastArgv()).containsExactly("lineage", "fct_revenue", "--models", "models", "--column", "total");
        assertThat(trace.trace()).first().satisfies(e -> assertThat(e.transform()).isEqualTo("aggregation: sum"));

        // synthetic (no recording of rocky run --dag): a document of dag_run.schema.json with a failed node, exit 1
        runner.next = exit(1, "{\"version\":\"1.71.0\",\"command\":\"run\",\"total_nodes\":1,\"total_layers\":1,\"completed\":0,"
                + "\"failed\":1,\"skipped\":0,\"duration_ms\":3,\"nodes\":[{\"id\":\"transformation:fct\",\"kind\":\"transformation\","
                + "\"label\":\"fct\",\"layer\":0,\"status\":\"failed\",\"duration_ms\":3,\"error\":\"boom\"}]}");
        dev.rocky.core.report.DagRun dag = cli.runDag(Optional.of("models"), (l, m) -> { }).value();
        assertThat(lastArgv()).containsExactly("run", "--dag", "--models", "models");
        assertThat(dag.ok()).isFalse();
        assertThat(dag.exitCode()).isEqualTo(1);
    }
}
