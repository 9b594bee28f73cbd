package dev.rocky.core.run;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code rocky doctor} reported (schema {@code doctor.schema.json}, title
 * {@code DoctorOutput}): the overall verdict, each health check and the engine's suggestions. The
 * engine exits 3 when a check is critical and still prints the document.
 *
 * @param overall the engine's overall verdict ({@code healthy}, {@code warning}, {@code critical})
 * @param checks each check, in the engine's order; copied
 * @param suggestions the engine's suggestions; copied
 * @param exitCode the process exit code (0, or 3 with a critical check)
 */
public record DoctorResult(String overall, List<Check> checks, List<String> suggestions, int exitCode) {

    /** Copies lists; rejects {@code null}. */
    public DoctorResult {
        Objects.requireNonNull(overall, "overall is null");
        checks = List.copyOf(checks);
        suggestions = List.copyOf(suggestions);
    }

    /** A check's {@code HealthStatus}; {@link #UNKNOWN} for a value this build does not know. */
    public enum Status {
        /** {@code healthy}. */
        HEALTHY,
        /** {@code warning}. */
        WARNING,
        /** {@code critical}. */
        CRITICAL,
        /** Any other value: treated as critical by a gate, since it cannot be shown to be healthy. */
        UNKNOWN;

        /**
         * @param wire the engine's value
         * @return the status, {@link #UNKNOWN} for a value outside the schema's enum
         */
        public static Status fromWire(String wire) {
            return switch (wire == null ? "" : wire.toLowerCase(Locale.ROOT)) {
                case "healthy" -> HEALTHY;
                case "warning" -> WARNING;
                case "critical" -> CRITICAL;
                default -> UNKNOWN;
            };
        }
    }

    /**
     * One {@code HealthCheck}.
     *
     * @param name the check's name, e.g. {@code state_rw}, {@code auth/default}
     * @param status its status
     * @param wireStatus the status as the engine wrote it
     * @param message the engine's message
     * @param durationMs how long it took, in ms
     */
    public record Check(String name, Status status, String wireStatus, String message, long durationMs) {
        /** Rejects {@code null}. */
        public Check {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(status, "status is null");
            Objects.requireNonNull(wireStatus, "wireStatus is null");
            Objects.requireNonNull(message, "message is null");
        }
    }

    /**
     * @param name a check name
     * @return the first check of that name
     */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
