package dev.rocky.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Fault;
import dev.rocky.testkit.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rocky-component health}: the reference's {@code rocky_healthcheck} and {@code state_health}
 * (dagster-rocky health.py) as a command whose exit code a liveness probe can use, over the
 * replication example answered by the project-model fake.
 */
class HealthCliTest {

    @TempDir
    Path tmp;

    private Path project;
    private Path defs;

    @BeforeEach
    void copyTheExample() throws IOException {
        project = tmp.resolve("replication-basics");
        CliFixture.copyTree(Path.of("..", "examples", "replication-basics"), project, ".local_defs_state", "rocky-fake", ".rocky");
        defs = project.resolve("defs.yaml");
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky"));
    }

    private void install(Optional<Fault> doctorFault) throws IOException {
        Optional<Path> scenario = Optional.empty();
        if (doctorFault.isPresent()) {
            Path file = tmp.resolve("scenario.properties");
            Scenario.none().withFault("doctor", doctorFault.get()).write(file);
            scenario = Optional.of(file);
        }
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), scenario);
    }

    @Test
    void aHealthyProjectPassesWithItsBackendProbeAndStateAge() throws IOException {
        install(Optional.empty());
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();

        CliFixture.Run text = CliFixture.cli(defs, "health", "--probe-write", "--max-state-age", "3600");
        assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).contains("backend     local").contains("state_rw    ok in 0 ms").contains("last run    none recorded")
                .endsWith("healthy\n");

        JsonNode json = new ObjectMapper().readTree(CliFixture.cli(defs, "health", "--format", "json").out());
        assertThat(json.path("healthy").asBoolean()).isTrue();
        assertThat(json.path("doctor_overall").asText()).isEqualTo("healthy");
        assertThat(json.path("state_age_seconds").asLong()).isBetween(0L, 600L);
    }

    @Test
    void aCriticalCheckAMissingStateOrAnOldStateIsUnhealthy() throws IOException {
        install(Optional.of(new Fault.DoctorCritical()));

        CliFixture.Run run = CliFixture.cli(defs, "health", "--max-state-age", "60");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("problem     rocky doctor: critical state")
                .contains("problem     the state has no written time").endsWith("unhealthy\n");
    }

    @Test
    void aBinaryThatCannotRunIsUnhealthyNotACrash() throws IOException {
        install(Optional.of(new Fault.ExitWith(1, "Error: config unreadable")));

        CliFixture.Run run = CliFixture.cli(defs, "health");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("doctor      did not run").contains("problem     rocky doctor could not run");
    }
}
