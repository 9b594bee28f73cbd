package dev.rocky.json;

import dev.rocky.core.governance.ComplianceResult;
import java.util.List;

/**
 * {@code rocky compliance --output json} (schema {@code compliance.schema.json}, title
 * {@code ComplianceOutput}). {@code per_column} is kept in the raw bytes only.
 *
 * @param version engine version (required)
 * @param command {@code "compliance"} (required)
 * @param exceptions {@code ComplianceException[]} (required)
 * @param summary {@code ComplianceSummary} (required)
 */
public record ComplianceOutput(
        @Required String version,
        @Required String command,
        @Required List<ExceptionOutput> exceptions,
        @Required SummaryOutput summary) {

    /**
     * {@code ComplianceException}.
     *
     * @param model model (required)
     * @param column column (required)
     * @param env environment (required)
     * @param reason reason (required)
     */
    public record ExceptionOutput(@Required String model, @Required String column, @Required String env, @Required String reason) {
    }

    /**
     * {@code ComplianceSummary}.
     *
     * @param totalClassified classified columns (required)
     * @param totalMasked masked columns (required)
     * @param totalExceptions exceptions (required)
     */
    public record SummaryOutput(@Required Long totalClassified, @Required Long totalMasked, @Required Long totalExceptions) {
    }

    /** @return the domain value */
    public ComplianceResult toDomain() {
        return new ComplianceResult(exceptions.stream()
                .map(e -> new ComplianceResult.Exception(e.model(), e.column(), e.env(), e.reason())).toList(),
                summary.totalClassified(), summary.totalMasked(), summary.totalExceptions());
    }
}
