package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.error.RockyOutputException;
import dev.rocky.core.error.RockyTimeoutException;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per fault, in-process, under the real {@code ProcessRockyCli} where the port covers the command. */
class FakeRockyFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private FakeRocky.Builder replicationBasics() {
        return FakeRocky.forBundledProject("01-replication-basics", work);
    }

    private ProcessRockyCli cli(FakeRocky rocky, Duration timeout) {
        return new ProcessRockyCli(RockyCliSettings.defaults("rocky", work.resolve("01-replication-basics")).withTimeout(timeout), rocky,
                LogSink.NONE);
    }

    private CommandResult call(FakeRocky rocky, String... args) {
        List<String> argv = new ArrayList<>(List.of("rocky", "--config", "rocky.toml", "--output", "json"));
        argv.addAll(List.of(args));
        return rocky.run(new CommandRequest(args[0], argv, work, Map.of(), Duration.ofSeconds(10), 1 << 20), line -> { });
    }

    @Test
    void hangIsKilledAtTheTimeoutAndReportedAsATimeout() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.Hang(Duration.ofMinutes(5))).build();
        assertThatThrownBy(() -> cli(rocky, Duration.ofMillis(300)).discover()).isInstanceOf(RockyTimeoutException.class)
                .hasMessageContaining("timeout_seconds");
        assertThat(rocky.invocations("discover")).singleElement().satisfies(i -> assertThat(i.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void exitCodeWithEmptyStdoutIsACommandErrorCarryingStderr() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.ExitWith(7, "Error: warehouse said no")).build();
        assertThatThrownBy(() -> cli(rocky, Duration.ofSeconds(5)).discover()).isInstanceOfSatisfying(RockyCommandException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(7);
            assertThat(e.getMessage()).contains("warehouse said no");
        });
    }

    @Test
    void partialJsonIsAnOutputError() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.PartialJson(40)).build();
        assertThatThrownBy(() -> cli(rocky, Duration.ofSeconds(5)).discover()).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));
    }

    @Test
    void invalidJsonIsAnOutputError() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.InvalidJson()).build();
        assertThatThrownBy(() -> cli(rocky, Duration.ofSeconds(5)).discover()).isInstanceOfSatisfying(RockyOutputException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_NOT_JSON));
    }

    @Test
    void stderrFloodStillAnswersAndKeepsOnlyATail() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.StderrFlood(50_000)).build();
        List<String> seen = new ArrayList<>();
        CommandResult r = rocky.run(new CommandRequest("discover", List.of("rocky", "--output", "json", "discover"), work, Map.of(),
                Duration.ofSeconds(10), 1 << 20), seen::add);
        assertThat(seen).hasSize(50_000);
        assertThat(r.stderrTail()).hasSize(20).last().asString().contains("flood line 49999");
        assertThat(cli(rocky, Duration.ofSeconds(5)).discover().value().sources()).hasSize(1);
    }

    @Test
    void slowStartAnswersWithinTheTimeoutAndTimesOutPastIt() {
        FakeRocky slow = replicationBasics().withFailure("discover", new Fault.SlowStart(Duration.ofMillis(200))).build();
        assertThat(cli(slow, Duration.ofSeconds(5)).discover().value().sources()).hasSize(1);
        assertThat(slow.invocations("discover").get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThatThrownBy(() -> cli(slow, Duration.ofMillis(100)).discover()).isInstanceOf(RockyTimeoutException.class);
    }

    @Test
    void killedMidOutputIsACommandErrorNotAParsedResult() {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.KilledMidOutput(30)).build();
        CommandResult r = call(rocky, "discover");
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.stdout()).hasSize(30);
        assertThatThrownBy(() -> cli(rocky, Duration.ofSeconds(5)).discover()).isInstanceOf(RockyException.class);
    }

    @Test
    void failedSourcesAreReportedNotDropped() {
        FakeRocky rocky = replicationBasics().withFailure(new Fault.FailedSources(List.of("raw__orders"))).build();
        var result = cli(rocky, Duration.ofSeconds(5)).discover().value();
        assertThat(result.sources()).isEmpty();
        assertThat(result.failedSources()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("raw__orders");
            assertThat(f.errorClass()).isEqualTo("transient");
            assertThat(f.cooldownSeconds()).isEmpty();
        });
    }

    @Test
    void quotaExceededCarriesTheCooldownOnDiscoverAndRun() throws IOException {
        FakeRocky rocky = replicationBasics().withFailure("discover", new Fault.QuotaExceeded(300))
                .withFailure("run", new Fault.QuotaExceeded(120)).build();
        assertThat(cli(rocky, Duration.ofSeconds(5)).discover().value().failedSources()).singleElement().satisfies(f -> {
            assertThat(f.errorClass()).isEqualTo("rate_limit");
            assertThat(f.cooldownSeconds()).hasValue(300);
        });
        CommandResult run = call(rocky, "run", "--filter", "source=orders");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode out = JSON.readTree(run.stdout());
        assertThat(out.get("status").asText()).isEqualTo("Failure");
        assertThat(out.at("/errors/0/cooldown_seconds").asLong()).isEqualTo(120);
        assertThat(RockySchemas.violations(out)).isEmpty();
    }

    @Test
    void runPartialFailureExitsTwoWithSchemaValidJson() throws IOException {
        // 01-replication-basics has one table, so a partial failure needs a project with more: three here.
        Path scale = ScaleProject.builder().sources(1).tablesPerSource(3).models(0).build().writeTo(work.resolve("scale"));
        FakeRocky many = FakeRocky.forProject(scale).withFailure(new Fault.RunPartialFailure()).build();
        CommandResult partial = call(many, "run", "--filter", "id=raw__src0000");
        assertThat(partial.exitCode()).isEqualTo(2);
        JsonNode p = JSON.readTree(partial.stdout());
        assertThat(p.get("status").asText()).isEqualTo("PartialFailure");
        assertThat(p.get("tables_failed").asInt()).isEqualTo(1);
        assertThat(p.get("materializations")).hasSize(2);
        assertThat(RockySchemas.violations(p)).isEmpty();
    }

    @Test
    void runFailureExitsOneWithJson() throws IOException {
        FakeRocky rocky = replicationBasics().withFailure(new Fault.RunFailure()).build();
        CommandResult r = call(rocky, "run", "--filter", "source=orders");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode out = JSON.readTree(r.stdout());
        assertThat(out.get("status").asText()).isEqualTo("Failure");
        assertThat(out.get("materializations")).isEmpty();
        assertThat(RockySchemas.violations(out)).isEmpty();
    }

    @Test
    void doctorCriticalExitsThreeWithJson() throws IOException {
        FakeRocky rocky = replicationBasics().withFailure(new Fault.DoctorCritical()).build();
        CommandResult r = call(rocky, "doctor");
        assertThat(r.exitCode()).isEqualTo(3);
        JsonNode out = JSON.readTree(r.stdout());
        assertThat(out.get("overall").asText()).isEqualTo("critical");
        assertThat(RockySchemas.violations("doctor", out)).isEmpty();
    }

    @Test
    void recordingsWinOverDerivedAnswersAndEveryCallIsJournalled() throws IOException {
        FakeRocky rocky = replicationBasics().build();
        CommandResult plan = call(rocky, "plan", "--filter", "source=orders");
        assertThat(JSON.readTree(plan.stdout()).get("plan_id").asText())
                .isEqualTo("a44c8485d91a4a8b7fe5060d3b1320aac389de6cb3ddc8a958162c850cfe3fca");
        CommandResult compliance = call(rocky, "compliance");
        assertThat(JSON.readTree(compliance.stdout()).get("command").asText()).isEqualTo("compliance");
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("plan", "compliance");
        assertThat(rocky.invocations().get(0).workingDirectory()).isEqualTo(work.toString());
    }

    @Test
    void faultSpecsRoundTripThroughAScenarioFile() {
        Scenario s = Scenario.none().withVersion("rocky 1.50.0").withFault("discover", new Fault.Hang(Duration.ofSeconds(30)))
                .withFault("run", new Fault.RunPartialFailure()).withFault("compile", new Fault.ExitWith(4, "Error: nope"))
                .withFault("*", new Fault.SlowStart(Duration.ofMillis(250))).withFault("doctor", new Fault.DoctorCritical())
                .withFault("lineage", new Fault.KilledMidOutput(12)).withFault("discover", new Fault.FailedSources(List.of("a", "b")))
                .withFault("apply", new Fault.QuotaExceeded(60)).withFault("optimize", new Fault.StderrFlood(9))
                .withFault("state", new Fault.PartialJson(3)).withFault("test", new Fault.InvalidJson())
                .withFault("run", new Fault.RunFailure());
        Path file = work.resolve("scenario.properties");
        s.write(file);
        assertThat(Scenario.load(file)).isEqualTo(s);
        assertThat(s.faultFor("history")).contains(new Fault.SlowStart(Duration.ofMillis(250)));
    }

    @Test
    void theTestkitGuidesScenarioLoads() throws IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "docs", "guide", "testkit.md"));
        int start = readme.indexOf("```properties\n") + "```properties\n".length();
        Path file = java.nio.file.Files.writeString(work.resolve("readme.properties"), readme.substring(start, readme.indexOf("```", start)));
        Scenario s = Scenario.load(file);
        assertThat(s.faults()).containsEntry("discover", new Fault.Hang(Duration.ofSeconds(30)))
                .containsEntry("run", new Fault.RunPartialFailure()).hasSize(4);
        assertThat(s.warehouseRetentionDays()).containsEntry("page_views_30d", 7L);
    }

    @Test
    void aFaultOnASubcommandWhoseOutputItCannotRewriteIsRefusedNotIgnored() throws IOException {
        assertThatThrownBy(() -> Scenario.none().withFault("dag", new Fault.RunPartialFailure()))
                .hasMessageContaining("fault.dag = partial-failure").hasMessageContaining("set it as fault.run");
        assertThatThrownBy(() -> replicationBasics().withFailure("*", new Fault.DoctorCritical()))
                .hasMessageContaining("rewrites the output of doctor only");
        Path file = java.nio.file.Files.writeString(work.resolve("bad.properties"), "fault.plan = quota-exceeded 60\n");
        assertThatThrownBy(() -> Scenario.load(file)).hasMessageContaining(file.toString()).hasMessageContaining("fault.discover");
        Path unknown = java.nio.file.Files.writeString(work.resolve("unknown.properties"), "faults.run = failure\n");
        assertThatThrownBy(() -> Scenario.load(unknown)).hasMessageContaining("faults.run: unknown key");
    }

    @Test
    void aWrittenCassetteReplaysTheSameRecordings() {
        Cassette recorded = RecordedProjects.cassette("03-partition-checksum");
        Cassette back = Cassette.load(recorded.write(work.resolve("cassette")));
        assertThat(back.recordings()).hasSameSizeAs(recorded.recordings()).hasSize(3);
        for (Recording r : recorded.recordings()) {
            assertThat(back.find(r.args())).hasValueSatisfying(b -> {
                assertThat(b.stdout()).isEqualTo(r.stdout());
                assertThat(b.exitCode()).isEqualTo(r.exitCode());
                assertThat(b.provenance()).isEqualTo(r.provenance());
            });
        }
    }

    @Test
    void unreadableFaultSpecsAreRejectedWithTheFormsThatWork() {
        assertThatThrownBy(() -> Fault.parse("hang forever")).hasMessageContaining("hang <duration>");
        assertThatThrownBy(() -> Fault.parse("explode")).hasMessageContaining("cannot read fault 'explode'");
    }
}
