package dev.rocky.component.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The discover sensor's settings (the reference's {@code enable_sensor}, {@code sensor_granularity}
 * and {@code sensor_interval_seconds}): {@code rocky-component sensor tick} runs only when enabled.
 *
 * @param enabled {@code enable_sensor} (default false)
 * @param perGroup {@code sensor_granularity: per_group} (default {@code per_source})
 * @param interval {@code sensor_interval_seconds} (default 300): the least time between two ticks
 *     that call discover
 */
public record SensorConfig(boolean enabled, boolean perGroup, Duration interval) {

    /** The reference's default: off, per source, 300 s. */
    public static final SensorConfig DEFAULT = new SensorConfig(false, false, Duration.ofSeconds(300));

    /** Rejects {@code null} and a non-positive interval. */
    public SensorConfig {
        Objects.requireNonNull(interval, "interval is null");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }
}
