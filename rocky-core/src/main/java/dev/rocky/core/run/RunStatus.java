package dev.rocky.core.run;

import java.util.Optional;

/**
 * How a {@code rocky run} (or {@code rocky apply} of a run plan) ended: {@code status} in
 * run.schema.json ({@code RunStatus}).
 */
public enum RunStatus {
    /** Every selected table and model materialized; exit 0. */
    SUCCESS("Success"),
    /** Some failed, some materialized; exit 2 with JSON on stdout. */
    PARTIAL_FAILURE("PartialFailure"),
    /** Nothing materialized; exit 1 with JSON on stdout. */
    FAILURE("Failure"),
    /** The idempotency key matched an earlier run, which this call deferred to; nothing ran. */
    SKIPPED_IDEMPOTENT("SkippedIdempotent"),
    /** A run with the same idempotency key is still in flight; nothing ran. */
    SKIPPED_IN_FLIGHT("SkippedInFlight");

    private final String wireName;

    RunStatus(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name rocky prints, e.g. {@code PartialFailure} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wire the printed status; the snake_case spelling ({@code partial_failure}) is accepted too
     * @return the status, when it is one of the five
     */
    public static Optional<RunStatus> fromWire(String wire) {
        String squashed = wire.replace("_", "").replace("-", "");
        for (RunStatus s : values()) {
            if (s.wireName.equalsIgnoreCase(squashed)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
