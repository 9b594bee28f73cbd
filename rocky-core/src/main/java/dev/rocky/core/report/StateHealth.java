package dev.rocky.core.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of rocky's state-backend health, as the reference's {@code state_health}
 * (dagster-rocky health.py, {@code StateHealthResult}): the configured backend, the last run
 * {@code rocky history} recorded, and, when asked, the {@code state_rw} round-trip probe of
 * {@code rocky doctor --check state_rw}.
 *
 * @param backend {@code [state] backend} of rocky.toml: {@code local}, {@code tiered},
 *     {@code valkey}, {@code s3} or {@code gcs} ({@code local} when unset or unknown, as the engine)
 * @param lastRunStatus the last run's status, normalised to {@code success},
 *     {@code partial_failure} or {@code failure} (anything else counts as failure); empty when no
 *     run is recorded or history could not be read
 * @param lastRunAt the last run's {@code started_at} (RFC 3339), when known
 * @param historyError why {@code rocky history} could not be read, when it could not
 * @param probeOutcome with a probe: {@code ok}, {@code timeout} or {@code error}
 * @param probeDurationMs with a probe: how long {@code state_rw} took, when reported
 * @param probeError with a probe that did not pass: why
 */
public record StateHealth(String backend, Optional<String> lastRunStatus, Optional<String> lastRunAt, Optional<String> historyError,
        Optional<String> probeOutcome, OptionalLong probeDurationMs, Optional<String> probeError) {

    /** Rejects {@code null}. */
    public StateHealth {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(lastRunStatus, "lastRunStatus is null");
        Objects.requireNonNull(lastRunAt, "lastRunAt is null");
        Objects.requireNonNull(historyError, "historyError is null");
        Objects.requireNonNull(probeOutcome, "probeOutcome is null");
        Objects.requireNonNull(probeDurationMs, "probeDurationMs is null");
        Objects.requireNonNull(probeError, "probeError is null");
    }
}
