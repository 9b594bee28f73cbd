package dev.rocky.component.config;

import java.util.Objects;

/**
 * {@code post_state_write_hook: {push_to: …}}: the ready push hook, which copies every state a
 * refresh writes to a versioned store.
 *
 * @param storage where to push ({@code push_to}, shaped like {@code defs_state.storage})
 * @param key the state key the pushed versions go under ({@code key}, default the state key)
 * @param keepVersions how many pushed versions are kept ({@code keep_versions}, default 10)
 */
public record PushStateTo(StateStorage storage, String key, int keepVersions) {
    /** Rejects {@code null} parts. */
    public PushStateTo {
        Objects.requireNonNull(storage, "storage is null");
        Objects.requireNonNull(key, "key is null");
    }
}
