package dev.rocky.core.report;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code rocky history --model <m>} (schema {@code model_history.schema.json},
 * {@code ModelHistoryOutput}): one model's executions, newest first.
 *
 * @param version engine version
 * @param model the model
 * @param executions its executions; copied
 */
public record ModelHistory(String version, String model, List<Execution> executions) {

    /** Copies the list; rejects {@code null}. */
    public ModelHistory {
        Objects.requireNonNull(model, "model is null");
        executions = List.copyOf(executions);
    }

    /**
     * {@code ModelExecutionRecord}.
     *
     * @param startedAt RFC 3339
     * @param status its status
     * @param durationMs ms
     * @param sqlHash the hash of the SQL it ran
     * @param rowsAffected rows, when known
     */
    public record Execution(String startedAt, String status, long durationMs, String sqlHash, OptionalLong rowsAffected) {
    }
}
