package dev.rocky.core.port;

import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.VersionPointer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The few primitives a versioned state store needs from a backend: immutable version objects
 * created once, and one "latest" pointer moved by compare-and-set. {@link
 * dev.rocky.core.service.VersionedStateStore} builds the whole {@link VersionedDefsStateStore}
 * contract (write, read, pin, prune, rollback) on these, so a new backend implements only this
 * interface and runs the testkit's {@code VersionedStateStoreContract} against a real server.
 *
 * <p>Implementations: a local directory, S3 (conditional {@code PutObject} with {@code If-None-Match}
 * and {@code If-Match}), Valkey/Redis ({@code SET NX} and a Lua compare-and-set).
 *
 * <p>Every method that talks to the backend fails with a {@link dev.rocky.core.error.StateException}
 * coded {@code STATE_IO} whose message names the backend, what was attempted and the backend's own
 * error, and never contains a credential. Implementations are thread-safe.
 */
public interface VersionStorage {

    /** @return where the versions live, for messages, e.g. {@code s3://bucket/prefix/key}; no secrets */
    String location();

    /**
     * @param version a version id
     * @return where that version lives, for messages; by default {@code location() + "/" + version}
     */
    default String location(String version) {
        return location() + "/" + version;
    }

    /**
     * @param version a version id
     * @return the local file holding that version when the backend keeps one (a directory), else
     *     empty; given to the post-state-write hook
     */
    default Optional<Path> localFile(String version) {
        return Optional.empty();
    }

    /**
     * Creates version {@code version} with {@code content}, only if no object of that id exists.
     *
     * @param version the new version's id (see {@link dev.rocky.core.state.VersionIds})
     * @param content the document's bytes
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when it cannot be created, or when
     *     an object of that id already exists; nothing is then left that a pointer could name
     */
    void create(String version, byte[] content);

    /**
     * @param version a version id
     * @return the version's bytes, or empty when no such version exists
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the backend cannot be read
     */
    Optional<byte[]> get(String version);

    /**
     * @return every version the backend holds, in any order, each with {@code latest} false
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the backend cannot be listed
     */
    List<StateVersion> list();

    /**
     * Deletes one version; a version that is already gone is not an error.
     *
     * @param version a version id
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the backend refuses
     */
    void delete(String version);

    /**
     * @return the pointer with the backend's change tag, or empty when no pointer has been written
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the backend cannot be read
     */
    Optional<VersionPointer> pointer();

    /**
     * Moves the pointer to {@code version} if, and only if, it is still exactly {@code expected}
     * (same tag), atomically with respect to every other caller in any process.
     *
     * @param expected the pointer as the caller last read it, or empty when it read none
     * @param version an existing version to point at
     * @return true when the pointer now names {@code version}; false when another writer moved it
     *     first (nothing changed)
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the backend cannot be
     *     reached; the pointer is then either unchanged or names {@code version}, never anything else
     */
    boolean movePointer(Optional<VersionPointer> expected, String version);
}
