package dev.rocky.component.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the state lives and how refreshes and loads treat it.
 *
 * @param defsState {@code defs_state}: the management type, key and storage
 * @param failOnStaleState {@code fail_on_stale_state} (rocky-java; default false): a stale state
 *     is an error instead of a warning
 * @param refreshLockWait {@code refresh_lock_wait_seconds} (rocky-java; default 600): how long a
 *     refresh waits for another one's lock; 0 fails at once
 * @param discoverOnMissingState {@code discover_on_missing_state} (default false): a load with no
 *     local state refreshes first
 * @param pushStateTo {@code post_state_write_hook: {push_to: …}}: the ready push hook's target, when set
 */
public record StateConfig(DefsStateConfig defsState, boolean failOnStaleState, Duration refreshLockWait,
        boolean discoverOnMissingState, Optional<PushStateTo> pushStateTo) {

    /** Rejects {@code null} parts. */
    public StateConfig {
        Objects.requireNonNull(defsState, "defsState is null");
        Objects.requireNonNull(refreshLockWait, "refreshLockWait is null");
        Objects.requireNonNull(pushStateTo, "pushStateTo is null");
    }
}
