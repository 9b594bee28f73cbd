package dev.rocky.core.state;

import java.util.Objects;

/**
 * A state document's bytes as a {@code DefsStateStore} holds them, with where they came from.
 * The array is not copied: treat it as read-only.
 */
public final class StoredState {

    private final byte[] content;
    private final String location;

    /**
     * @param content the document's bytes (UTF-8 JSON); not copied
     * @param location where it was read from, for messages, e.g. a file path
     */
    public StoredState(byte[] content, String location) {
        this.content = Objects.requireNonNull(content, "content is null");
        this.location = Objects.requireNonNull(location, "location is null");
    }

    /** @return the document's bytes; do not modify */
    public byte[] content() {
        return content;
    }

    /** @return where the bytes were read from, e.g. {@code /srv/proj/.local_defs_state/…/state} */
    public String location() {
        return location;
    }
}
