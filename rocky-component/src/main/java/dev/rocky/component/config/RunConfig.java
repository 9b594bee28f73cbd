package dev.rocky.component.config;

import java.util.List;
import java.util.Objects;

/**
 * How materializations run and report.
 *
 * @param satisfyEmptyOutputs {@code satisfy_empty_outputs} (default false): a zero-row
 *     materialization for each selected asset the runs neither materialized nor failed
 * @param strictDoctor {@code strict_doctor} (default false): {@code rocky doctor} before each
 *     materialization, which a critical check stops before anything runs (the reference's
 *     resource start-up gate)
 * @param strictDoctorChecks {@code strict_doctor_checks} (default empty): the critical checks
 *     that stop it; empty for every critical check; others are logged; copied
 * @param pipes {@code execution_mode: pipes} (default {@code streaming}): each rocky call runs
 *     under Dagster Pipes and the engine's messages become events as they arrive
 */
public record RunConfig(boolean satisfyEmptyOutputs, boolean strictDoctor, List<String> strictDoctorChecks, boolean pipes) {

    /** Copies the list; rejects {@code null}. */
    public RunConfig {
        strictDoctorChecks = List.copyOf(Objects.requireNonNull(strictDoctorChecks, "strictDoctorChecks is null"));
    }

    /**
     * Settings that run in the default {@code streaming} mode.
     *
     * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
     * @param strictDoctor {@code strict_doctor}
     * @param strictDoctorChecks {@code strict_doctor_checks}
     */
    public RunConfig(boolean satisfyEmptyOutputs, boolean strictDoctor, List<String> strictDoctorChecks) {
        this(satisfyEmptyOutputs, strictDoctor, strictDoctorChecks, false);
    }

    /**
     * Settings without the doctor gate.
     *
     * @param satisfyEmptyOutputs {@code satisfy_empty_outputs}
     */
    public RunConfig(boolean satisfyEmptyOutputs) {
        this(satisfyEmptyOutputs, false, List.of());
    }
}
