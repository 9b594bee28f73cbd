package dev.rocky.core.state;

import java.util.Optional;

/**
 * Whether the state's {@code dag} slot can be trusted: the state document's {@code dag_status}
 * field ({@code success}, {@code failed} or {@code disabled}).
 */
public enum DagStatus {
    /** {@code rocky dag} ran and its output is in the {@code dag} slot. */
    SUCCESS("success"),
    /** {@code rocky dag} was attempted and failed; {@code dag_error.message} says why. */
    FAILED("failed"),
    /** {@code dag_mode} was off at refresh: no {@code dag} slot. */
    DISABLED("disabled");

    private final String wireName;

    DagStatus(String wireName) {
        this.wireName = wireName;
    }

    /** @return the spelling in the state document, e.g. {@code disabled} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a state document's {@code dag_status}
     * @return the status, or empty when the value is unknown
     */
    public static Optional<DagStatus> fromWireName(String wireName) {
        for (DagStatus s : values()) {
            if (s.wireName.equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
