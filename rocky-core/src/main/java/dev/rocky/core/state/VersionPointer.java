package dev.rocky.core.state;

import java.util.Objects;

/**
 * A versioned store's "latest" pointer as one read saw it.
 *
 * @param version the version id the pointer names
 * @param tag the backend's token for this exact pointer state, passed back to compare-and-set: an
 *     S3 ETag, the pointer's full value in Valkey or a directory; two reads of an unchanged pointer
 *     give equal tags, and every move gives a new one (a rollback to an old version included)
 */
public record VersionPointer(String version, String tag) {

    /** Rejects {@code null} parts. */
    public VersionPointer {
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(tag, "tag is null");
    }
}
