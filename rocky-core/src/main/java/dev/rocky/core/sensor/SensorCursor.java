package dev.rocky.core.sensor;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sensor's cursor: each source's last {@code last_sync_at} the sensor has handed out a run
 * request for (the reference's {@code {source_id: ISO 8601}} map, so each source advances on its
 * own), and when the last tick that called discover ran (for the minimum interval).
 *
 * @param syncs source id to its last seen sync time (RFC 3339); copied, sorted
 * @param lastTickAt when the last tick ran, when one has
 */
public record SensorCursor(Map<String, String> syncs, Optional<Instant> lastTickAt) {

    /** No tick yet. */
    public static final SensorCursor EMPTY = new SensorCursor(Map.of(), Optional.empty());

    /** Copies; rejects {@code null}. */
    public SensorCursor {
        syncs = java.util.Collections.unmodifiableMap(new TreeMap<>(syncs));
        Objects.requireNonNull(lastTickAt, "lastTickAt is null");
    }
}
