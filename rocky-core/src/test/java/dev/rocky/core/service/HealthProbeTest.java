package dev.rocky.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.report.Healthcheck;
import dev.rocky.core.report.RunHistory;
import dev.rocky.core.report.StateHealth;
import dev.rocky.core.run.DoctorResult;
import dev.rocky.core.state.RockyOutput;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The reference's health.py over {@link RockyCli}: {@code rocky_healthcheck} (healthy unless doctor
 * failed or a check is critical) and {@code state_health} (last run normalised, the
 * {@code state_rw} probe mapped to ok, timeout or error); neither throws for a failing engine.
 */
class HealthProbeTest {

    private static DoctorResult.Check check(String name, String status, String message) {
        return new DoctorResult.Check(name, DoctorResult.Status.fromWire(status), status, message, 42);
    }

    private static RockyCli engine(Supplier<DoctorResult> doctor, Supplier<RunHistory> history) {
        return (RockyCli) Proxy.newProxyInstance(RockyCli.class.getClassLoader(), new Class<?>[] {RockyCli.class}, (p, m, a) -> {
            byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
            switch (m.getName()) {
                case "doctor":
                    DoctorResult r = doctor.get();
                    if (a != null && a.length == 1 && ((Optional<?>) a[0]).isPresent()) {
                        String only = (String) ((Optional<?>) a[0]).get();
                        r = new DoctorResult(r.overall(), r.checks().stream().filter(c -> c.name().equals(only)).toList(), List.of(), 0);
                    }
                    return new RockyOutput<>(r, json, 0);
                case "history":
                    return new RockyOutput<>(history.get(), json, 0);
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    private static RunHistory runs(String... statuses) {
        return new RunHistory("1.71.0", java.util.Arrays.stream(statuses).map(s -> new RunHistory.Run("run-" + s, "2026-12-01T00:00:00Z", s,
                "manual", 1, 1, Optional.empty(), List.of())).toList());
    }

    @Test
    void healthyUnlessDoctorFailsOrACheckIsCriticalOrUnknown() {
        Healthcheck ok = new HealthProbe(engine(() -> new DoctorResult("warning", List.of(check("state_sync", "warning", "slow")),
                List.of(), 0), () -> runs())).healthcheck();
        assertThat(ok.healthy()).isTrue();

        Healthcheck critical = new HealthProbe(engine(() -> new DoctorResult("critical", List.of(check("auth", "critical", "denied"),
                check("x", "degraded", "?")), List.of(), 3), () -> runs())).healthcheck();
        assertThat(critical.healthy()).isFalse();
        assertThat(critical.criticalChecks()).containsExactly("auth", "x");

        Healthcheck failed = new HealthProbe(engine(() -> {
            throw new RockyException(ErrorCode.BINARY_NOT_FOUND, "no rocky at /x");
        }, () -> runs())).healthcheck();
        assertThat(failed.healthy()).isFalse();
        assertThat(failed.doctor()).isEmpty();
        assertThat(failed.error()).contains("no rocky at /x");
    }

    @Test
    void theLastRunIsNormalisedAndAnUnknownStatusIsAFailure() {
        assertThat(new HealthProbe(engine(() -> null, () -> runs("PartialFailure", "Success"))).stateHealth("s3", false))
                .satisfies(h -> {
                    assertThat(h.backend()).isEqualTo("s3");
                    assertThat(h.lastRunStatus()).contains("partial_failure");
                    assertThat(h.lastRunAt()).contains("2026-12-01T00:00:00Z");
                    assertThat(h.probeOutcome()).isEmpty();
                });
        assertThat(new HealthProbe(engine(() -> null, () -> runs("Interrupted"))).stateHealth("local", false).lastRunStatus())
                .contains("failure");
        StateHealth unreadable = new HealthProbe(engine(() -> null, () -> {
            throw new RockyException(ErrorCode.COMMAND_FAILED, "history broke");
        })).stateHealth("local", false);
        assertThat(unreadable.lastRunStatus()).isEmpty();
        assertThat(unreadable.historyError()).contains("history broke");
    }

    @Test
    void theWriteProbeIsOkTimeoutOrError() {
        StateHealth ok = new HealthProbe(engine(() -> new DoctorResult("healthy", List.of(check("state_rw", "healthy", "round trip ok")),
                List.of(), 0), () -> runs())).stateHealth("valkey", true);
        assertThat(ok.probeOutcome()).contains("ok");
        assertThat(ok.probeDurationMs()).isEqualTo(OptionalLong.of(42));

        StateHealth timeout = new HealthProbe(engine(() -> new DoctorResult("critical", List.of(check("state_rw", "critical",
                "put timed out after 5s")), List.of(), 3), () -> runs())).stateHealth("s3", true);
        assertThat(timeout.probeOutcome()).contains("timeout");
        assertThat(timeout.probeError()).contains("put timed out after 5s");

        StateHealth missing = new HealthProbe(engine(() -> new DoctorResult("healthy", List.of(check("config", "healthy", "ok")),
                List.of(), 0), () -> runs())).stateHealth("local", true);
        assertThat(missing.probeOutcome()).contains("error");
        assertThat(missing.probeError()).hasValueSatisfying(e -> assertThat(e).contains("did not emit a state_rw check"));
    }
}
