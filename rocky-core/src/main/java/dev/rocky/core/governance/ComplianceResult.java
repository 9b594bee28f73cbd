package dev.rocky.core.governance;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rocky compliance --models <dir>} reported (compliance.schema.json,
 * {@code ComplianceOutput}): the classified columns whose masking is not enforced in some
 * environment, and the totals.
 *
 * @param exceptions one per (model, column, environment) without enforced masking; copied
 * @param totalClassified {@code summary.total_classified}: classified columns
 * @param totalMasked {@code summary.total_masked}: columns masked in every environment
 * @param totalExceptions {@code summary.total_exceptions}
 */
public record ComplianceResult(List<Exception> exceptions, long totalClassified, long totalMasked, long totalExceptions) {

    /** Copies the list. */
    public ComplianceResult {
        exceptions = List.copyOf(exceptions);
    }

    /**
     * One compliance exception ({@code ComplianceException}).
     *
     * @param model the model
     * @param column the classified column
     * @param env the environment where masking is not enforced
     * @param reason rocky's explanation
     */
    public record Exception(String model, String column, String env, String reason) {
        /** Rejects {@code null}. */
        public Exception {
            Objects.requireNonNull(model, "model is null");
            Objects.requireNonNull(column, "column is null");
            Objects.requireNonNull(env, "env is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }
}
