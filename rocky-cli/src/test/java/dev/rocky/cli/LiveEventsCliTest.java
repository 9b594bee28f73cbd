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
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code materialize --format jsonl} is live: each line reaches stdout, flushed, as soon as the
 * rocky call that produced it returns, while the materialization's later rocky calls have not run
 * yet. Timestamps come from the fake rocky's own journal (when each process started and how long it
 * ran) and from the moment each line was flushed.
 */
class LiveEventsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A writer that notes the time each complete line was flushed. */
    static final class TimedLines extends Writer {
        private final StringBuilder pending = new StringBuilder();
        final List<String> lines = new ArrayList<>();
        final List<Instant> flushedAt = new ArrayList<>();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            pending.append(buf, off, len);
        }

        @Override
        public synchronized void flush() {
            Instant now = Instant.now();
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                lines.add(pending.substring(0, nl));
                flushedAt.add(now);
                pending.delete(0, nl + 1);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    @Test
    void eachCallsEventsAreOnStdoutBeforeTheNextRockyCallStarts() throws IOException {
        // 1. Two sources, so two rocky runs; each fake run takes at least 700 ms.
        CliFixture.JournaledProject p = CliFixture.journaledScaleProject(tmp, 2,
                Scenario.none().withVersion("rocky 1.71.0").withFault("run", new Fault.SlowStart(Duration.ofMillis(700))));
        Path defs = p.defs();
        Path journal = p.journal();

        // 2. Materialize everything, fused, capturing when each line was flushed.
        TimedLines out = new TimedLines();
        CommandLine cl = RockyComponentCli.newCommandLine();
        cl.setOut(new PrintWriter(out, false));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        List<String> args = List.of("materialize", "--fused", "--format", "jsonl");
        List<String> argv = new ArrayList<>(List.of("--defs", defs.toString()));
        argv.addAll(args);
        int code = cl.execute(argv.toArray(String[]::new));
        out.flush();
        assertThat(code).as(err.toString()).isZero();
        PublishedFormats.check(args, code, String.join("\n", out.lines) + "\n");

        // 3. The rocky runs, from the fake's journal.
        List<Invocation> runs = FakeRockyJournal.read(journal).stream().filter(i -> i.argv().contains("run")).toList();
        assertThat(runs).hasSize(2);
        Instant firstRunEnded = runs.get(0).startedAt().plus(runs.get(0).duration());
        Instant secondRunStarted = runs.get(1).startedAt();
        Instant secondRunEnded = secondRunStarted.plus(runs.get(1).duration());

        // 4. The first run's events were out after it ended and before the second started; the summary after both.
        List<Instant> firstRunLines = new ArrayList<>();
        for (int i = 0; i < out.lines.size(); i++) {
            JsonNode line = JSON.readTree(out.lines.get(i));
            if (line.path("type").asText().equals("materialization") && line.path("asset_key").get(1).asText().equals("src0000")) {
                firstRunLines.add(out.flushedAt.get(i));
            }
        }
        assertThat(firstRunLines).as("the first source's two tables").hasSize(2).allSatisfy(at -> {
            assertThat(at).as("after the first rocky run ended").isAfterOrEqualTo(firstRunEnded.minusMillis(50));
            assertThat(at).as("before the second rocky run started, %s ms before it ended",
                    Duration.between(at, secondRunEnded).toMillis()).isBefore(secondRunStarted);
        });
        assertThat(Duration.between(firstRunLines.get(0), secondRunEnded)).as("heard while rocky still had a run to do")
                .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        Instant summaryAt = out.flushedAt.get(out.lines.size() - 1);
        assertThat(summaryAt).isAfterOrEqualTo(secondRunEnded.minusMillis(50));
        assertThat(JSON.readTree(out.lines.get(out.lines.size() - 1)).path("materializations").asInt()).isEqualTo(4);
    }
}
