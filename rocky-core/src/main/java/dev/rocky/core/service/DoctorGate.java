package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.RockyCli;
import dev.rocky.core.run.DoctorResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code strict_doctor}: {@code rocky doctor} before anything runs, as the reference's resource
 * does at start-up ({@code RockyResource.strict_doctor} / {@code strict_doctor_checks},
 * dagster-rocky resource.py). A critical check blocks the materialization when the allowlist is
 * empty or names it; a critical check outside a non-empty allowlist, and every warning, is logged.
 * A status this build does not know counts as critical: it cannot be shown to be healthy. Stateless
 * apart from its settings.
 */
public final class DoctorGate {

    private final Set<String> allowlist;

    /**
     * @param allowlist {@code strict_doctor_checks}: the check names that block; empty for all
     */
    public DoctorGate(List<String> allowlist) {
        this.allowlist = Set.copyOf(allowlist);
    }

    /**
     * What the gate decides on one doctor report.
     *
     * @param blocking the checks that stop the materialization
     * @param warned the checks only logged (warnings, and critical checks outside the allowlist)
     */
    public record Verdict(List<DoctorResult.Check> blocking, List<DoctorResult.Check> warned) {
        /** Copies lists. */
        public Verdict {
            blocking = List.copyOf(blocking);
            warned = List.copyOf(warned);
        }

        /** @return whether nothing blocks */
        public boolean passes() {
            return blocking.isEmpty();
        }
    }

    /**
     * @param report {@code rocky doctor}'s report
     * @return the checks that block and those that are only logged
     */
    public Verdict judge(DoctorResult report) {
        List<DoctorResult.Check> blocking = new ArrayList<>();
        List<DoctorResult.Check> warned = new ArrayList<>();
        for (DoctorResult.Check c : report.checks()) {
            boolean critical = c.status() == DoctorResult.Status.CRITICAL || c.status() == DoctorResult.Status.UNKNOWN;
            if (critical && (allowlist.isEmpty() || allowlist.contains(c.name()))) {
                blocking.add(c);
            } else if (c.status() != DoctorResult.Status.HEALTHY) {
                warned.add(c);
            }
        }
        return new Verdict(blocking, warned);
    }

    /**
     * Runs {@code rocky doctor} and applies the gate: warnings are logged, a blocking check fails.
     *
     * @param cli the engine
     * @param log where warnings go
     * @return the report, when nothing blocks
     * @throws RockyException {@code DOCTOR_CRITICAL} naming each blocking check and its message;
     *     the doctor command's own errors as {@link RockyCli#doctor()} throws them
     */
    public DoctorResult enforce(RockyCli cli, LogSink log) {
        Objects.requireNonNull(cli, "cli is null");
        DoctorResult report = cli.doctor().value();
        Verdict v = judge(report);
        for (DoctorResult.Check c : v.warned()) {
            log.warn("rocky doctor: " + c.name() + " is " + c.wireStatus() + ": " + c.message()
                    + (c.status() != DoctorResult.Status.WARNING ? " (not in strict_doctor_checks, so it does not block)" : ""));
        }
        if (!v.passes()) {
            List<String> why = v.blocking().stream().map(c -> c.name() + " (" + c.wireStatus() + ": " + c.message() + ")").toList();
            throw new RockyException(ErrorCode.DOCTOR_CRITICAL, "strict_doctor: rocky doctor reported " + String.join("; ", why)
                    + ", so nothing was run; fix " + (why.size() == 1 ? "it" : "them") + " (`rocky-component doctor` lists every "
                    + "check), or narrow strict_doctor_checks in defs.yaml");
        }
        return report;
    }
}
