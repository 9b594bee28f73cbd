package dev.rocky.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.process.CommandRequest;
import dev.rocky.process.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeRockyExtensionTest {

    @RegisterExtension
    final FakeRockyExtension rocky = FakeRockyExtension.forBundledProject("07-dagster-dag-mode")
            .withFailure("run", new Fault.RunFailure());

    @Test
    void eachTestGetsAFreshProjectAndAFakeUnderTheRealCli() {
        assertThat(rocky.projectDir().resolve("rocky.toml")).exists();
        assertThat(rocky.cli().compile("models").value().models()).hasSize(2);
        assertThat(rocky.fake().invocations("compile")).hasSize(1);
    }

    @Test
    void configuredFaultsApply() {
        CommandResult r = rocky.fake().run(new CommandRequest("run", List.of("rocky", "--output", "json", "run", "--filter", "source=orders",
                "--pipeline", "ingest"),
                rocky.projectDir(), Map.of(), Duration.ofSeconds(10), 1 << 20), line -> { });
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(new String(r.stdout(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"status\": \"Failure\"");
    }

    @Test
    void theExecutableCarriesTheSameProjectAndFaults() throws Exception {
        Path launcher = rocky.installExecutable();
        assertThat(Files.readString(launcher)).contains("--scenario").contains(rocky.projectDir().toString());
        assertThat(Files.readString(launcher.resolveSibling("../scenario.properties").normalize())).contains("fault.run = failure");
    }

    @Test
    void unknownBundledProjectsAreRefusedWithTheList() {
        assertThatThrownBy(() -> FakeRockyExtension.forBundledProject("nope")).hasMessageContaining("01-replication-basics");
    }
}
