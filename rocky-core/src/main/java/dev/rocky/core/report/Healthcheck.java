package dev.rocky.core.report;

import dev.rocky.core.run.DoctorResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a health probe, as the reference's {@code rocky_healthcheck} (dagster-rocky
 * health.py, {@code HealthcheckResult}): healthy when {@code rocky doctor} ran and no check is
 * critical (nor of a status this build does not know); the doctor report when it ran; the error
 * when the binary itself failed.
 *
 * @param healthy whether doctor ran and nothing is critical
 * @param doctor the report, when doctor ran
 * @param error why doctor could not run, when it could not
 */
public record Healthcheck(boolean healthy, Optional<DoctorResult> doctor, Optional<String> error) {

    /** Rejects {@code null}. */
    public Healthcheck {
        Objects.requireNonNull(doctor, "doctor is null");
        Objects.requireNonNull(error, "error is null");
    }

    /** @return the names of the checks that make it unhealthy (critical, or of an unknown status) */
    public List<String> criticalChecks() {
        return doctor.map(d -> d.checks().stream().filter(c -> c.status() == DoctorResult.Status.CRITICAL
                || c.status() == DoctorResult.Status.UNKNOWN).map(DoctorResult.Check::name).toList()).orElse(List.of());
    }
}
