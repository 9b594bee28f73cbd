package dev.rocky.core.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A state document's bytes as a {@code DefsStateStore} holds them, with where they came from.
 * The array is not copied: treat it as read-only.
 */
public final class StoredState {

    private final byte[] content;
    private final String location;
    private final Optional<String> version;

    /**
     * @param content the document's bytes (UTF-8 JSON); not copied
     * @param location where it was read from, for messages, e.g. a file path
     */
    public StoredState(byte[] content, String location) {
        this(content, location, Optional.empty());
    }

    /**
     * @param content the document's bytes (UTF-8 JSON); not copied
     * @param location where it was read from, for messages, e.g. a file path
     * @param version the version id when the store keeps versions (e.g. a UUID), else empty
     */
    public StoredState(byte[] content, String location, Optional<String> version) {
        this.content = Objects.requireNonNull(content, "content is null");
        this.location = Objects.requireNonNull(location, "location is null");
        this.version = Objects.requireNonNull(version, "version is null");
    }

    /** @return the document's bytes; do not modify */
    public byte[] content() {
        return content;
    }

    /** @return where the bytes were read from, e.g. {@code /srv/proj/.local_defs_state/…/state} */
    public String location() {
        return location;
    }

    /** @return the version id in a versioned store, else empty */
    public Optional<String> version() {
        return version;
    }
}
