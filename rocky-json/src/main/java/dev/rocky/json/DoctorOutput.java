package dev.rocky.json;

import dev.rocky.core.run.DoctorResult;
import java.util.List;

/**
 * {@code rocky doctor --output json} (schema {@code doctor.schema.json}, title
 * {@code DoctorOutput}). The document has no {@code version}; {@code details} of a check is not
 * bound.
 *
 * @param command {@code "doctor"} (required)
 * @param overall the overall verdict (required)
 * @param checks {@code HealthCheck[]} (required)
 * @param suggestions the engine's suggestions (required)
 */
public record DoctorOutput(@Required String command, @Required String overall, @Required List<CheckOutput> checks,
        @Required List<String> suggestions) {

    /**
     * {@code HealthCheck}.
     *
     * @param name the check (required)
     * @param status {@code HealthStatus}: healthy, warning or critical (required)
     * @param message the engine's message (required)
     * @param durationMs ms (required)
     */
    public record CheckOutput(@Required String name, @Required String status, @Required String message, @Required Long durationMs) {
    }

    /**
     * @param exitCode the process exit code
     * @return the domain value
     */
    public DoctorResult toDomain(int exitCode) {
        return new DoctorResult(overall, checks.stream().map(c -> new DoctorResult.Check(c.name(), DoctorResult.Status.fromWire(c.status()),
                c.status(), c.message(), c.durationMs())).toList(), suggestions, exitCode);
    }
}
