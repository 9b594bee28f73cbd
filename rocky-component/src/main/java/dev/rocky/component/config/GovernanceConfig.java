package dev.rocky.component.config;

/**
 * Governance surfaced as checks and observations.
 *
 * @param surfaceCompliance {@code surface_compliance} (default false): a {@code compliance_exception}
 *     check per asset, from {@code rocky compliance} at materialization
 * @param surfaceConfiguredChecks {@code surface_configured_checks} (default false): one check per
 *     configured non-default check discover reports
 * @param surfaceRetentionStatus {@code surface_retention_status} (default false): an observation
 *     per model, from {@code rocky retention-status} at materialization
 */
public record GovernanceConfig(boolean surfaceCompliance, boolean surfaceConfiguredChecks, boolean surfaceRetentionStatus) {
}
