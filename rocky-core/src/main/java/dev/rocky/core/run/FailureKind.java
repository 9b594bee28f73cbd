package dev.rocky.core.run;

/**
 * Why a table or model failed: {@code errors[].failure_kind} in run.schema.json
 * ({@code FailureKind}, default {@code unknown}).
 */
public enum FailureKind {
    /** The warehouse or API could not be reached. */
    CONNECTION_FAILED("connection-failed"),
    /** The credentials were refused. */
    AUTH_FAILED("auth-failed"),
    /** The warehouse rejected a statement. */
    QUERY_REJECTED("query-rejected"),
    /** A failure a retry may clear. */
    TRANSIENT("transient"),
    /** A rate limit or quota tripped; retry after {@code cooldown_seconds}. */
    QUOTA_EXCEEDED("quota-exceeded"),
    /** A table or object does not exist. */
    NOT_FOUND("not-found"),
    /** The model failed to compile or type-check, so it never ran. */
    COMPILE_ERROR("compile-error"),
    /**
     * rocky-java's own kind, not printed by the engine: the rocky call did not finish within
     * {@code timeout_seconds} and was killed. Not retryable, as in the reference (a retry would
     * meet the same budget).
     */
    TIMEOUT("timeout"),
    /**
     * rocky-java's own kind, not printed by the engine: the model was contained (withheld because an
     * upstream failed), which the reference raises as a failure naming the blast radius.
     */
    CONTAINED("contained"),
    /** Anything else, and any kind this build does not know. */
    UNKNOWN("unknown");

    private final String wireName;

    FailureKind(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name rocky prints, e.g. {@code quota-exceeded} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wire the printed kind, or {@code null} when the field is absent
     * @return the kind; {@link #UNKNOWN} for an absent or unknown one
     */
    public static FailureKind fromWire(String wire) {
        if (wire != null) {
            for (FailureKind k : values()) {
                if (k.wireName.equals(wire)) {
                    return k;
                }
            }
        }
        return UNKNOWN;
    }
}
