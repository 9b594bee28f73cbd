package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyJournal;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.Invocation;
import dev.rocky.testkit.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code execution_mode: pipes} end to end: rocky-java plans, then runs {@code rocky apply} under
 * Dagster Pipes (a context file and a messages file named by {@code DAGSTER_PIPES_CONTEXT} /
 * {@code DAGSTER_PIPES_MESSAGES}); the testkit's fake writes the engine's messages, and they become
 * events while the process still runs.
 */
class PipesReadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path defs;
    private Path journal;

    private void project(Optional<Fault> applyFault) {
        Scenario s = Scenario.none().withVersion("rocky 1.71.0");
        if (applyFault.isPresent()) {
            s = s.withFault("apply", applyFault.get());
        }
        CliFixture.JournaledProject p = CliFixture.journaledScaleProject(tmp, 2, s, "execution_mode: pipes");
        defs = p.defs();
        journal = p.journal();
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.lines().toList()) {
            l.add(JSON.readTree(s));
        }
        return l;
    }

    private static List<String> keys(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.path("type").asText().equals(type)).map(l -> {
            List<String> k = new ArrayList<>();
            l.path("asset_key").forEach(p -> k.add(p.asText()));
            return String.join("/", k);
        }).toList();
    }

    @Test
    void eachCallIsPlannedThenAppliedUnderPipesAndTheEnginesMessagesAreTheEvents() throws IOException {
        project(Optional.empty());
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> events = lines(run.out());
        assertThat(keys(events, "materialization")).containsExactlyInAnyOrder("duckdb/src0000/t0000", "duckdb/src0000/t0001",
                "duckdb/src0001/t0000", "duckdb/src0001/t0001");
        // the engine's own Pipes metadata (strategy, rows_copied…), not the run document's dagster/* keys
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("materialization")))
                .allSatisfy(e -> assertThat(e.path("metadata").has("strategy")).as(e.toString()).isTrue());
        assertThat(keys(events, "check")).isNotEmpty();

        List<Invocation> applies = FakeRockyJournal.read(journal).stream().filter(i -> i.argv().contains("apply")).toList();
        assertThat(applies).hasSize(2).allSatisfy(i -> assertThat(i.environmentKeys())
                .contains("DAGSTER_PIPES_CONTEXT", "DAGSTER_PIPES_MESSAGES"));
        assertThat(FakeRockyJournal.read(journal).stream().filter(i -> i.argv().contains("plan")))
                .as("plans run without Pipes").allSatisfy(i -> assertThat(i.environmentKeys()).doesNotContain("DAGSTER_PIPES_CONTEXT"));
    }

    @Test
    void messagesBecomeEventsWhileRockyIsStillRunning() throws IOException {
        project(Optional.of(new Fault.SlowStart(Duration.ofMillis(900))));
        LiveEventsCliTest.TimedLines out = new LiveEventsCliTest.TimedLines();
        CommandLine cl = RockyComponentCli.newCommandLine();
        cl.setOut(new PrintWriter(out, false));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--defs", defs.toString(), "materialize", "--group", "src0000", "--format", "jsonl");
        out.flush();
        assertThat(code).as(err.toString()).isZero();

        Invocation apply = FakeRockyJournal.read(journal).stream().filter(i -> i.argv().contains("apply")).findFirst().orElseThrow();
        Instant applyEnded = apply.startedAt().plus(apply.duration());
        Instant firstMaterialization = null;
        for (int i = 0; i < out.lines.size(); i++) {
            if (JSON.readTree(out.lines.get(i)).path("type").asText().equals("materialization")) {
                firstMaterialization = out.flushedAt.get(i);
                break;
            }
        }
        assertThat(firstMaterialization).isNotNull();
        assertThat(Duration.between(firstMaterialization, applyEnded))
                .as("the event was out %s before rocky apply exited (it sleeps 900 ms after its messages)",
                        Duration.between(firstMaterialization, applyEnded))
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aMalformedLineAndAnUnknownMethodAreWarningsAndEverythingElseIsRead() throws IOException {
        project(Optional.of(new Fault.PipesNoise()));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0000", "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(keys(lines(run.out()), "materialization")).containsExactlyInAnyOrder("duckdb/src0000/t0000", "duckdb/src0000/t0001");
        assertThat(run.err()).contains("line 3 of rocky's Dagster Pipes messages is not a protocol message (not JSON); skipped")
                .contains("the Dagster Pipes method 'report_asset_observation', which rocky-java does not read; skipped");
    }

    @Test
    void aCrashMidStreamKeepsWhatWasReportedAndFailsTheRestClearly() throws IOException {
        project(Optional.of(new Fault.PipesCrash()));
        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--group", "src0000", "--format", "jsonl");
        assertThat(run.exitCode()).as("one of two materialized: a partial failure").isEqualTo(3);
        List<JsonNode> events = lines(run.out());
        assertThat(keys(events, "materialization")).as("reported before the crash, kept").containsExactly("duckdb/src0000/t0000");
        List<JsonNode> failures = events.stream().filter(e -> e.path("type").asText().equals("failure")).toList();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.path("asset_key").toString()).isEqualTo("[\"duckdb\",\"src0000\",\"t0001\"]");
            assertThat(f.path("message").asText()).contains("exit code 137")
                    .contains("the 1 result(s) rocky reported over Pipes before it stopped are kept")
                    .contains("it never closed its Pipes session");
        });
        assertThat(run.err()).contains("is not a protocol message (cut off: the process ended in the middle of the line)");
    }
}
