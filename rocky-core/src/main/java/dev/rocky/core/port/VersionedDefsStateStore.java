package dev.rocky.core.port;

import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import java.util.List;
import java.util.Optional;

/**
 * A state store that keeps every document it writes as an immutable version and a "latest" pointer
 * moved by compare-and-set (Dagster's {@code VERSIONED_STATE_STORAGE} management type). A
 * {@link #read()} returns the version the pointer names, with its id, so a load can pin the graph
 * it was built from; {@link #rollback} moves the pointer back.
 *
 * <p>Contract, for every backend (directory, S3, Valkey): a write creates a new version and then
 * moves the pointer; a reader sees the old version or the new one, never part of one; two writers
 * at once each create their version and the pointer ends on one of them; only the newest
 * {@code keep} versions are kept, never the one the pointer names. Thread-safe.
 */
public interface VersionedDefsStateStore extends DefsStateStore {

    /**
     * @return the kept versions, newest first, with the one the pointer names marked latest
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when the store cannot be listed
     */
    List<StateVersion> versions();

    /**
     * @param version a version id
     * @return that version's document, or empty when no such version is kept
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when it cannot be read
     */
    Optional<StoredState> read(String version);

    /**
     * Moves the latest pointer to an existing version.
     *
     * @param version the version id to make current
     * @throws dev.rocky.core.error.StateException {@code STATE_MISSING} naming the kept versions when
     *     there is no such version, {@code STATE_IO} when the pointer cannot be moved
     */
    void rollback(String version);
}
