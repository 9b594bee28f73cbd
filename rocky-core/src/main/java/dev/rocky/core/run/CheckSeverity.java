package dev.rocky.core.run;

/**
 * How much a failed check matters: {@code severity} of a run's check result ({@code TestSeverity}
 * in run.schema.json, default {@code error}). An orchestrator shows {@code WARN} and {@code ERROR}.
 */
public enum CheckSeverity {
    /** A failure fails the check; rocky's {@code error}. */
    ERROR,
    /** A failure is a warning; rocky's {@code warning}. */
    WARN;

    /**
     * @param wire rocky's severity, or {@code null} when absent
     * @return {@link #WARN} for {@code warning}, else {@link #ERROR}
     */
    public static CheckSeverity fromWire(String wire) {
        return "warning".equals(wire) ? WARN : ERROR;
    }
}
