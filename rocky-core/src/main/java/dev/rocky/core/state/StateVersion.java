package dev.rocky.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable version in a versioned state store, as {@code rocky-component state versions}
 * lists it.
 *
 * @param id the version's id (a UUID)
 * @param writtenAt when it was written
 * @param bytes the document's size in bytes
 * @param latest true when the store's "latest" pointer names it
 */
public record StateVersion(String id, Instant writtenAt, long bytes, boolean latest) {

    /** Rejects {@code null} parts. */
    public StateVersion {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(writtenAt, "writtenAt is null");
    }
}
