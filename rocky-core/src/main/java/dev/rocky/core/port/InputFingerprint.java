package dev.rocky.core.port;

import dev.rocky.core.state.Fingerprint;

/**
 * Fingerprints what a state is built from, without calling rocky: {@code rocky.toml}, the models
 * and contracts directories, the component's refresh attributes, the rocky binary's identity and
 * the state format. Recorded at refresh and compared at load to say when a state is stale.
 */
@FunctionalInterface
public interface InputFingerprint {

    /**
     * @return the inputs' fingerprint as they are now
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when an input exists but cannot be read
     */
    Fingerprint compute();
}
