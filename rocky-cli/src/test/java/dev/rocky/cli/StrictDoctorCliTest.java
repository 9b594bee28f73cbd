package dev.rocky.cli;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.testkit.Fault;
import dev.rocky.testkit.FakeRockyExecutable;
import dev.rocky.testkit.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strict_doctor} through the CLI on the replication example, answered by the project-model
 * fake: a critical {@code state} check ({@code fault.doctor = doctor-critical}) stops
 * {@code materialize} before any run, unless {@code strict_doctor_checks} leaves it out;
 * {@code rocky-component doctor} prints each check and which would block.
 */
class StrictDoctorCliTest {

    @TempDir
    Path tmp;

    private Path project;
    private Path defs;

    @BeforeEach
    void copyTheExample() throws IOException {
        project = tmp.resolve("replication-basics");
        CliFixture.copyTree(Path.of("..", "examples", "replication-basics"), project, ".local_defs_state", "rocky-fake", ".rocky");
        defs = project.resolve("defs.yaml");
    }

    private void install(boolean critical, String extraAttributes) throws IOException {
        Optional<Path> scenario = Optional.empty();
        if (critical) {
            Path file = tmp.resolve("scenario.properties");
            Scenario.none().withFault("doctor", new Fault.DoctorCritical()).write(file);
            scenario = Optional.of(file);
        }
        FakeRockyExecutable.install(project.resolve("bin"), Optional.empty(), Optional.of(project), scenario);
        Files.writeString(defs, Files.readString(defs).replace("binary_path: rocky-fake/rocky", "binary_path: bin/rocky")
                + extraAttributes);
        assertThat(CliFixture.cli(defs, "refresh").exitCode()).isZero();
    }

    @Test
    void aCriticalCheckStopsTheMaterializationBeforeAnythingRuns() throws IOException {
        install(true, "  strict_doctor: true\n");

        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--format", "jsonl");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines().toList()).as("no event, nothing ran: only the closing summary").singleElement()
                .satisfies(line -> {
                    JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    assertThat(summary.path("type").asText()).isEqualTo("summary");
                    assertThat(summary.path("outcome").asText()).isEqualTo("error");
                    assertThat(summary.path("error_code").asText()).isEqualTo("DOCTOR_CRITICAL");
                    assertThat(summary.path("rocky_runs").asInt()).isZero();
                });
        assertThat(run.err()).contains("[DOCTOR_CRITICAL]").contains("strict_doctor: rocky doctor reported state (critical");
    }

    @Test
    void aCriticalCheckOutsideTheAllowlistIsLoggedAndTheMaterializationRuns() throws IOException {
        install(true, "  strict_doctor: true\n  strict_doctor_checks: [auth]\n");

        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--format", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"type\":\"materialization\"");
        assertThat(run.err()).contains("rocky doctor: state is critical").contains("does not block");
    }

    @Test
    void withoutStrictDoctorDoctorIsNotRun() throws IOException {
        install(true, "");

        CliFixture.Run run = CliFixture.cli(defs, "materialize", "--format", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("doctor");
    }

    @Test
    void theDoctorCommandPrintsEveryCheckAndWhichWouldBlock() throws IOException {
        install(true, "  strict_doctor: true\n");

        CliFixture.Run text = CliFixture.cli(defs, "doctor");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).containsPattern("critical +blocks +state ").containsPattern("healthy +config +Config syntax valid")
                .contains("1 check(s) would stop a materialization under strict_doctor");

        CliFixture.Run json = CliFixture.cli(defs, "doctor", "--format", "json");
        assertThat(json.out()).contains("\"passes\":false").contains("\"name\":\"state\",\"status\":\"critical\"");
    }

    @Test
    void aHealthyProjectPassesAndStrictDoctorChecksWithoutStrictDoctorIsRefused() throws IOException {
        install(false, "");
        CliFixture.Run doctor = CliFixture.cli(defs, "doctor");
        assertThat(doctor.exitCode()).as(doctor.err()).isZero();
        assertThat(doctor.out()).contains("no check would stop a materialization");

        Files.writeString(defs, Files.readString(defs) + "  strict_doctor_checks: [state]\n");
        CliFixture.Run refused = CliFixture.cli(defs, "doctor");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("strict_doctor_checks scopes the strict_doctor gate, which is off");
    }
}
