package dev.rocky.core.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * How stale an asset may get before it is overdue, as Dagster's time-window
 * {@code FreshnessPolicy}. Built from discover's {@code checks.freshness.threshold_seconds} (per
 * pipeline) or a model's {@code freshness.max_lag_seconds}.
 *
 * @param maximumLag the longest accepted time since the last materialization; positive
 */
public record FreshnessPolicy(Duration maximumLag) {

    /**
     * @throws IllegalArgumentException when the lag is zero or negative
     */
    public FreshnessPolicy {
        Objects.requireNonNull(maximumLag, "maximumLag is null");
        if (maximumLag.isZero() || maximumLag.isNegative()) {
            throw new IllegalArgumentException("a freshness lag must be positive, got " + maximumLag);
        }
    }

    /**
     * @param seconds the lag in seconds; positive
     * @return the policy
     */
    public static FreshnessPolicy ofSeconds(long seconds) {
        return new FreshnessPolicy(Duration.ofSeconds(seconds));
    }
}
