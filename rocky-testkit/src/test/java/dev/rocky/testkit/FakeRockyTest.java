package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.contract.RockyContract;
import dev.rocky.core.error.RockyCommandException;
import dev.rocky.core.port.LogSink;
import dev.rocky.process.ProcessRockyCli;
import dev.rocky.process.RockyCliSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeRockyTest {

    @TempDir
    Path dir;

    @Test
    void inProcessFakeRunsUnderTheRealCliAndJournalsEveryCall() {
        FakeRocky rocky = new FakeRocky(RecordedProjects.replicationBasics());
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", dir), rocky, LogSink.NONE);
        assertThat(cli.discover().value().sources()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo("raw__orders"));
        assertThat(cli.compile("models").value().models()).hasSize(3);
        assertThat(rocky.invocations()).extracting(Invocation::subcommand).containsExactly("--version", "discover", "compile");
        Invocation discover = rocky.invocations("discover").get(0);
        assertThat(discover.argv()).containsExactly("rocky", "--config", "rocky.toml", "--state-path", ".rocky-state.redb",
                "--output", "json", "discover");
        assertThat(discover.environmentKeys()).containsExactly("ROCKY_SUPPRESS_DEPRECATION");
        assertThat(discover.workingDirectory()).isEqualTo(dir.toString());
        rocky.clearJournal();
        assertThat(rocky.invocations()).isEmpty();
    }

    @Test
    void anUnrecordedCallIsAUsageErrorLikeRockysOwn() {
        FakeRocky rocky = new FakeRocky(RecordedProjects.replicationBasics());
        ProcessRockyCli cli = new ProcessRockyCli(RockyCliSettings.defaults("rocky", dir), rocky, LogSink.NONE);
        assertThatThrownBy(() -> cli.optimize("elsewhere")).isInstanceOfSatisfying(RockyCommandException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains("no recording for `optimize --models elsewhere`");
        });
    }

    @Test
    void cassetteDirectoryLoadsWithProvenanceAndRejectsMissingFiles() throws IOException {
        Files.writeString(dir.resolve("d.json"), RockyContract.read("fixtures/discover.json"));
        Files.writeString(dir.resolve("cassette.properties"), "version = rocky 1.50.0\n"
                + "d.args = discover\nd.stdout = d.json\nd.exit = 0\nd.provenance = recorded: test\n"
                + "f.args = compile --models models\nf.stderr = d.json\nf.exit = 1\n");
        Cassette cassette = Cassette.load(dir);
        assertThat(cassette.version()).isEqualTo("rocky 1.50.0");
        assertThat(cassette.find(List.of("discover"))).hasValueSatisfying(r -> assertThat(r.provenance()).isEqualTo("recorded: test"));
        assertThat(cassette.find(List.of("compile", "--models", "models"))).hasValueSatisfying(r -> assertThat(r.exitCode()).isEqualTo(1));
        Files.writeString(dir.resolve("cassette.properties"), "d.args = discover\nd.stdout = missing.json\n");
        assertThatThrownBy(() -> Cassette.load(dir)).hasMessageContaining("missing.json");
        assertThatThrownBy(() -> Cassette.load(dir.resolve("nowhere"))).hasMessageContaining("cassette.properties");
    }

    @Test
    void globalOptionsAreStrippedWhereverTheyAre() {
        assertThat(Cassette.subcommandArgs(List.of("rocky", "--config", "a.toml", "--output", "json", "--state-namespace", "n",
                "run", "--filter", "source=orders"))).containsExactly("run", "--filter", "source=orders");
    }

    @Test
    void executableFakeAnswersAsARealProcessAndJournals() throws Exception {
        Path cassette = Files.createDirectories(dir.resolve("cassette"));
        Files.writeString(cassette.resolve("discover.json"), RockyContract.read("fixtures/discover.json"));
        Files.writeString(cassette.resolve("cassette.properties"),
                "journal = calls.jsonl\ndiscover.args = discover\ndiscover.stdout = discover.json\n");
        Path rocky = FakeRockyExecutable.install(dir.resolve("bin"), cassette);

        Process p = new ProcessBuilder(rocky.toString(), "--config", "rocky.toml", "--output", "json", "discover").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).isEqualTo(RockyContract.read("fixtures/discover.json"));

        Process unknown = new ProcessBuilder(rocky.toString(), "--output", "json", "dag").start();
        String err = new String(unknown.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).as("no project and no recording: the config is what is missing").isEqualTo(1);
        assertThat(err).contains("cannot read the rocky config").doesNotContain("no recording");

        List<Invocation> journal = FakeRockyJournal.read(cassette.resolve("calls.jsonl"));
        assertThat(journal).extracting(Invocation::subcommand).containsExactly("discover", "dag");
        assertThat(journal).extracting(Invocation::exitCode).containsExactly(0, 1);
    }

    @Test
    void journalLinesSurviveAwkwardArguments() {
        Path file = dir.resolve("j.jsonl");
        Invocation call = new Invocation(List.of("rocky", "say \"hi\"\n\ttab\\", "\u0001"), "/w", List.of("A"),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Duration.ofMillis(7), 3);
        JournalFile.append(file, call);
        assertThat(FakeRockyJournal.read(file)).containsExactly(call);
    }
}
