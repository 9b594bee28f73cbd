package dev.rocky.core.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code rocky review <plan_id> --status} (schema {@code review_status.schema.json},
 * {@code ReviewStatusOutput}): whether a plan was signed off, and by whom.
 *
 * @param version engine version
 * @param planId the plan
 * @param kind the plan's kind ({@code run}, …)
 * @param reviewed whether it was signed off
 * @param reviewedAt when, when it was
 * @param approverEmail the approver's e-mail, when it was
 * @param specDigest the product spec digest the plan pinned, when any
 * @param breakingChangeCount breaking changes the plan carries, when counted
 */
public record ReviewStatus(String version, String planId, String kind, boolean reviewed, Optional<String> reviewedAt,
        Optional<String> approverEmail, Optional<String> specDigest, OptionalLong breakingChangeCount) {

    /** Rejects {@code null}. */
    public ReviewStatus {
        Objects.requireNonNull(planId, "planId is null");
        Objects.requireNonNull(reviewedAt, "reviewedAt is null");
        Objects.requireNonNull(approverEmail, "approverEmail is null");
        Objects.requireNonNull(specDigest, "specDigest is null");
        Objects.requireNonNull(breakingChangeCount, "breakingChangeCount is null");
    }
}
