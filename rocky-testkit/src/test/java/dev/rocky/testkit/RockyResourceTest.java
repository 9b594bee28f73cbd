package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.FailureKind;
import dev.rocky.core.run.RunOptions;
import dev.rocky.core.run.RunResult;
import dev.rocky.core.run.RunStatus;
import dev.rocky.core.service.RockyResource;
import dev.rocky.process.CommonsExecCommandRunner;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RockyResource} over the real {@link ProcessRockyCli} and the testkit's fakes of the real
 * 01-replication-basics project: plan-then-apply, the failure shapes, secrets, live streaming.
 */
class RockyResourceTest {

    private static final String RECORDED_PLAN_ID = "a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca";

    @TempDir
    Path work;

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final LogSink log = new LogSink() {
        @Override
        public void log(Level level, String message) {
            logged.add(level + " " + message);
        }

        @Override
        public void rockyStderr(String command, String line) {
            logged.add("stderr " + command + " " + line);
        }
    };

    private Path project() {
        return work.resolve("01-replication-basics");
    }

    private RockyResource resource(FakeRocky rocky) {
        return new RockyResource(new ProcessRockyCli(RockyCliSettings.defaults("rocky", project()), rocky, log), log);
    }

    private FakeRocky.Builder fake() {
        return FakeRocky.forBundledProject("01-replication-basics", work);
    }

    @Test
    void streamingPlansThenAppliesAndLeavesThePlanBehind() {
        FakeRocky rocky = fake().build();
        RunResult r = resource(rocky).runStreaming(log, "source=orders", RunOptions.builder().build());
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("--version", "plan", "apply");
        assertThat(rocky.invocations("apply")).singleElement().satisfies(i -> assertThat(i.argv()).endsWith("apply", RECORDED_PLAN_ID));
        assertThat(r.planId()).contains(RECORDED_PLAN_ID);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(r.materializations()).singleElement().satisfies(m -> assertThat(m.assetKey()).containsExactly("duckdb", "orders", "orders"));
        assertThat(project().resolve(".rocky/plans/" + RECORDED_PLAN_ID + ".json")).isRegularFile();
        assertThat(logged).anyMatch(l -> l.contains("rocky plan " + RECORDED_PLAN_ID));
    }

    @Test
    void fusedRunsRockyRunDirectlyAndLeavesNoPlan() {
        FakeRocky rocky = fake().build();
        RunResult r = resource(rocky).runStreaming(log, "source=orders", RunOptions.builder().fused(true).build());
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("--version", "run");
        assertThat(r.planId()).isEmpty();
        assertThat(project().resolve(".rocky/plans")).doesNotExist();
    }

    @Test
    void aFailedRunIsReturnedWithItsErrorsAndKinds() {
        FakeRocky rocky = fake().withFailure("run", new Fault.RunFailure()).build();
        RunResult r = resource(rocky).run("source=orders", RunOptions.builder().build());
        assertThat(r.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.materializations()).isEmpty();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.assetKey()).containsExactly("duckdb", "orders", "orders");
            assertThat(e.failureKind()).isEqualTo(FailureKind.CONNECTION_FAILED);
        });
    }

    @Test
    void aRunFaultAlsoFailsTheApplyOfAPlan() {
        FakeRocky rocky = fake().withFailure("run", new Fault.QuotaExceeded(120)).build();
        RunResult r = resource(rocky).runStreaming(log, "source=orders", RunOptions.builder().build());
        assertThat(r.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.failureKind()).isEqualTo(FailureKind.QUOTA_EXCEEDED));
        assertThat(r.quotaRetryAfterSeconds()).isEqualTo(OptionalLong.of(120));
        assertThat(r.planId()).contains(RECORDED_PLAN_ID);
    }

    @Test
    void secretsNeverReachLogsOrErrors() {
        String key = "idem-SECRET-4711";
        String override = "{\"workspace_ids\": [\"ws-SECRET-1\"]}";
        FakeRocky rocky = fake().withFailure("run", new Fault.ExitWith(1, "Error: duplicate key " + key + " with " + override)).build();
        RunOptions options = RunOptions.builder().idempotencyKey(key).governanceOverride(override).build();
        assertThatThrownBy(() -> resource(rocky).run("source=orders", options)).isInstanceOf(RockyCommandException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("SECRET").contains("--idempotency-key ***")
                            .contains("--governance-override ***");
                    assertThat(((RockyCommandException) e).stderrTail()).noneMatch(l -> l.contains("SECRET"));
                });
        // the process itself got the real values
        assertThat(rocky.invocations("run")).singleElement().satisfies(i -> assertThat(i.argv()).contains(key, override));
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains("SECRET"));
        assertThat(logged).anyMatch(l -> l.contains("Error: duplicate key ***"));
    }

    @Test
    void aGovernanceOverrideThatWouldRevokeEveryBindingIsRefusedBeforeAnythingRuns() {
        FakeRocky rocky = fake().build();
        for (String bad : List.of("{\"workspace_ids\": []}", "{\"workspace_ids\": \"ws\"}", "[1, 2]", "not json")) {
            assertThatThrownBy(() -> resource(rocky).run("source=orders", RunOptions.builder().governanceOverride(bad).build()))
                    .as(bad).isInstanceOf(RockyException.class)
                    .satisfies(e -> assertThat(((RockyException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining("governance override");
        }
        assertThat(rocky.invocations("run")).isEmpty();
        RunResult ok = resource(rocky).run("source=orders", RunOptions.builder()
                .governanceOverride("{\"workspace_ids\": [], \"allow_empty_workspace_ids\": true}").build());
        assertThat(ok.status()).isEqualTo(RunStatus.SUCCESS);
    }

    @Test
    void aPlanWhoseFileWasNotWrittenIsRefused() throws Exception {
        // a cassette-only fake replays the recorded plan but, with no project, persists nothing
        Path cassette = work.resolve("cassette");
        Files.createDirectories(cassette);
        Files.writeString(cassette.resolve("plan.json"), dev.rocky.contract.RockyContract.read("fixtures/plan.json"));
        Files.writeString(cassette.resolve("cassette.properties"), "version = rocky 1.71.0\nplan.args = plan --filter source=orders\n"
                + "plan.stdout = plan.json\n");
        FakeRocky rocky = new FakeRocky(Cassette.load(cassette));
        Files.createDirectories(project());
        assertThatThrownBy(() -> resource(rocky).runStreaming(log, "source=orders", RunOptions.builder().build()))
                .isInstanceOf(RockyException.class).hasMessageContaining(RECORDED_PLAN_ID + ".json")
                .satisfies(e -> assertThat(((RockyException) e).code()).isEqualTo(ErrorCode.PLAN_INVALID));
        assertThat(rocky.invocations("apply")).isEmpty();
    }

    @Test
    void streamingForwardsEachStderrLineWhileTheProcessStillRuns() throws Exception {
        Path project = dev.rocky.contract.RockyContract.extract("projects/01-replication-basics", work.resolve("p"));
        Path scenario = work.resolve("scenario.properties");
        Scenario.none().withVersion("rocky 1.71.0").withFault("apply", new Fault.Progress(4, Duration.ofMillis(400))).write(scenario);
        Path rocky = FakeRockyExecutable.install(work.resolve("bin"), Optional.empty(), Optional.of(project), Optional.of(scenario));
        RockyResource resource = new RockyResource(new ProcessRockyCli(RockyCliSettings.defaults(rocky.toString(), project),
                new CommonsExecCommandRunner(), log), log);
        List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>());
        LogSink sink = new LogSink() {
            @Override
            public void log(Level level, String message) {
            }

            @Override
            public void rockyStderr(String command, String line) {
                if (line.contains("progress")) {
                    arrivals.add(new long[] {System.nanoTime()});
                }
            }
        };
        RunResult r = resource.runStreaming(sink, "source=orders", RunOptions.builder().build());
        long returned = System.nanoTime();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(arrivals).hasSize(4);
        // the first line was handed over while the process still had three paced lines to write
        assertThat(Duration.ofNanos(returned - arrivals.get(0)[0])).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(Duration.ofNanos(arrivals.get(3)[0] - arrivals.get(0)[0])).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void theBufferedRunSendsStderrToTheComponentLog() {
        FakeRocky rocky = fake().withFailure("run", new Fault.Progress(2, Duration.ZERO)).build();
        resource(rocky).run("source=orders", RunOptions.builder().build());
        assertThat(logged).filteredOn(l -> l.startsWith("stderr run")).hasSize(2);
    }
}
