package dev.rocky.core.service;

import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.report.Healthcheck;
import dev.rocky.core.report.RunHistory;
import dev.rocky.core.report.StateHealth;
import dev.rocky.core.run.DoctorResult;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The health probes of the reference's health.py, over {@link RockyCli}: {@link #healthcheck} (is
 * the binary runnable and nothing critical) and {@link #stateHealth} (backend, last run, optional
 * write probe). Neither throws for a failing engine: a probe is safe to call from a liveness check
 * or a scheduler tick, and reports the failure in its result. Stateless apart from its client.
 */
public final class HealthProbe {

    /** {@code RunHistoryRecord.status} (Rust {@code {:?}} of {@code RunStatus}) to the normalised status. */
    private static final Map<String, String> RUN_STATUS = Map.of("success", "success", "partialfailure", "partial_failure",
            "partial_failure", "partial_failure", "failure", "failure");

    private final RockyCli cli;

    /**
     * @param cli the engine
     */
    public HealthProbe(RockyCli cli) {
        this.cli = Objects.requireNonNull(cli, "cli is null");
    }

    /**
     * {@code rocky_healthcheck}: runs {@code rocky doctor} once.
     *
     * @return healthy when doctor ran and reported no critical (or unknown-status) check
     */
    public Healthcheck healthcheck() {
        DoctorResult report;
        try {
            report = cli.doctor().value();
        } catch (RockyException e) {
            return new Healthcheck(false, Optional.empty(), Optional.of(e.getMessage()));
        }
        boolean critical = report.checks().stream().anyMatch(c -> c.status() == DoctorResult.Status.CRITICAL
                || c.status() == DoctorResult.Status.UNKNOWN);
        return new Healthcheck(!critical, Optional.of(report), Optional.empty());
    }

    /**
     * {@code state_health}: the configured backend, the last recorded run, and with
     * {@code probeWrite} the {@code state_rw} check of {@code rocky doctor --check state_rw}.
     *
     * @param backend {@code [state] backend} as rocky.toml sets it, read by the caller
     * @param probeWrite run the write probe
     * @return the snapshot
     */
    public StateHealth stateHealth(String backend, boolean probeWrite) {
        Optional<String> status = Optional.empty();
        Optional<String> at = Optional.empty();
        Optional<String> historyError = Optional.empty();
        try {
            RunHistory history = cli.history(Optional.empty()).value();
            if (!history.runs().isEmpty()) {
                RunHistory.Run last = history.runs().get(0);
                status = Optional.of(RUN_STATUS.getOrDefault(last.status().strip().toLowerCase(Locale.ROOT), "failure"));
                at = Optional.of(last.startedAt());
            }
        } catch (RockyException e) {
            historyError = Optional.of(e.getMessage());
        }
        if (!probeWrite) {
            return new StateHealth(backend, status, at, historyError, Optional.empty(), OptionalLong.empty(), Optional.empty());
        }
        String outcome;
        OptionalLong duration = OptionalLong.empty();
        Optional<String> error;
        try {
            Optional<DoctorResult.Check> rw = cli.doctor(Optional.of("state_rw")).value().check("state_rw");
            if (rw.isEmpty()) {
                outcome = "error";
                error = Optional.of("rocky doctor did not emit a state_rw check");
            } else {
                duration = OptionalLong.of(rw.get().durationMs());
                if (rw.get().status() == DoctorResult.Status.HEALTHY) {
                    outcome = "ok";
                    error = Optional.empty();
                } else {
                    String m = rw.get().message().toLowerCase(Locale.ROOT);
                    outcome = rw.get().status() == DoctorResult.Status.CRITICAL && (m.contains("timed out") || m.contains("timeout"))
                            ? "timeout" : "error";
                    error = Optional.of(rw.get().message());
                }
            }
        } catch (RockyException e) {
            outcome = "error";
            error = Optional.of(e.getMessage());
        }
        return new StateHealth(backend, status, at, historyError, Optional.of(outcome), duration, error);
    }
}
