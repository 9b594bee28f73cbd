package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.contract.RockyContract;
import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import dev.rocky.process.CommonsExecCommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable fake, started as a real process by the production runner: derived answers and real timing faults. */
class FakeRockyExecutableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path project;

    @BeforeEach
    void extract() {
        project = RockyContract.extract("projects/05-classification-masking-compliance", work.resolve("project"));
    }

    private CommandResult run(Path rocky, Duration timeout, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(rocky.toString(), "--config", "rocky.toml", "--output", "json"));
        argv.addAll(List.of(args));
        return new CommonsExecCommandRunner().run(new CommandRequest(args[0], argv, project, env, timeout, 1 << 20), line -> { });
    }

    @Test
    void answersFromTheProjectInItsWorkingDirectoryAndJournals() throws IOException {
        Path rocky = FakeRockyExecutable.install(work.resolve("bin"), Optional.empty(), Optional.empty(), Optional.empty());
        Path journal = work.resolve("calls.jsonl");
        CommandResult r = run(rocky, Duration.ofSeconds(60), Map.of(FakeRockyMain.JOURNAL_ENV, journal.toString(), "SECRET_TOKEN", "x"),
                "compliance");
        assertThat(r.exitCode()).as("stderr %s", r.stderrTail()).isZero();
        JsonNode out = JSON.readTree(r.stdout());
        assertThat(out.at("/summary/total_exceptions").asInt()).isEqualTo(2);
        assertThat(RockySchemas.violations(out)).isEmpty();

        Invocation call = FakeRockyJournal.read(journal).get(0);
        assertThat(call.subcommand()).isEqualTo("compliance");
        assertThat(call.workingDirectory()).isEqualTo(project.toString());
        assertThat(call.environmentKeys()).contains("SECRET_TOKEN", FakeRockyMain.JOURNAL_ENV);
        assertThat(call.toString()).doesNotContain("=x");
    }

    @Test
    void aHangingFakeIsKilledByTheRealRunnerAtItsTimeout() {
        Path scenario = work.resolve("hang.properties");
        Scenario.none().withFault("discover", new Fault.Hang(Duration.ofMinutes(10))).write(scenario);
        Path rocky = FakeRockyExecutable.install(work.resolve("bin"), Optional.empty(), Optional.of(project), Optional.of(scenario));
        CommandResult r = run(rocky, Duration.ofSeconds(3), Map.of(), "discover");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void killedMidOutputLeavesPartialStdoutAndExit137AndSlowStartIsSlow() {
        Path scenario = work.resolve("faults.properties");
        Scenario.none().withFault("dag", new Fault.KilledMidOutput(25)).withFault("compile", new Fault.SlowStart(Duration.ofMillis(800)))
                .write(scenario);
        Path rocky = FakeRockyExecutable.install(work.resolve("bin"), Optional.empty(), Optional.empty(), Optional.of(scenario));
        CommandResult killed = run(rocky, Duration.ofSeconds(60), Map.of(), "dag");
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.stdout()).hasSize(25);
        CommandResult slow = run(rocky, Duration.ofSeconds(60), Map.of(), "compile");
        assertThat(slow.exitCode()).isZero();
        assertThat(slow.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aBrokenProjectIsOneReadableErrorLine() {
        Path rocky = FakeRockyExecutable.install(work.resolve("bin"), Optional.empty(), Optional.of(work.resolve("nowhere")), Optional.empty());
        CommandResult r = run(rocky, Duration.ofSeconds(60), Map.of(), "discover");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderrTail()).singleElement().asString().startsWith("Error: no rocky.toml in");
    }
}
