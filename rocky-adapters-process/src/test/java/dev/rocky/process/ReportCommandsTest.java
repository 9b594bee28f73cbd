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
}
