package dev.rocky.core.state;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@code DefsStateStore} put a document it wrote.
 *
 * @param location where the document lives, for messages, e.g. a file path
 * @param file the local file holding it, when the store keeps one (given to the post-write hook)
 * @param version the new version's id in a versioned store, else empty
 */
public record WrittenState(String location, Optional<Path> file, Optional<String> version) {

    /** Rejects {@code null} parts. */
    public WrittenState {
        Objects.requireNonNull(location, "location is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(version, "version is null");
    }
}
