package dev.rocky.state;

import dev.rocky.core.service.VersionedStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The versioned state store over a local directory ({@code defs_state: {management_type:
 * VERSIONED_STATE_STORAGE, storage: {type: directory, path: …}}}): a {@link VersionedStateStore} on
 * a {@link DirectoryVersionStorage} at {@code <base>/<sanitised key>}. Versions are files {@code
 * <id>}, the pointer is {@code LATEST}. Thread-safe and safe across processes on one machine.
 */
public final class VersionedDirectoryStateStore extends VersionedStateStore {

    /** The name of the pointer file. */
    public static final String POINTER = DirectoryVersionStorage.POINTER;

    private final DirectoryVersionStorage storage;

    /**
     * @param base the base directory, e.g. {@code <project>/.defs_state_versions}
     * @param key the state key, sanitised with {@link LocalFilesystemStateStore#sanitize(String)}
     * @param keep how many versions to keep; at least 1
     * @throws IllegalArgumentException when {@code keep} is below 1
     */
    public VersionedDirectoryStateStore(Path base, String key, int keep) {
        this(new DirectoryVersionStorage(base.toAbsolutePath().normalize().resolve(LocalFilesystemStateStore.sanitize(key))), keep);
    }

    /**
     * @param base the base directory
     * @param key the state key
     * @param keep how many versions to keep; at least 1
     * @param pruneGrace versions younger than this are never pruned (see
     *     {@link VersionedStateStore#DEFAULT_PRUNE_GRACE})
     * @throws IllegalArgumentException when {@code keep} is below 1 or the grace is negative
     */
    public VersionedDirectoryStateStore(Path base, String key, int keep, Duration pruneGrace) {
        this(new DirectoryVersionStorage(base.toAbsolutePath().normalize().resolve(LocalFilesystemStateStore.sanitize(key))), keep,
                pruneGrace);
    }

    private VersionedDirectoryStateStore(DirectoryVersionStorage storage, int keep) {
        this(storage, keep, DEFAULT_PRUNE_GRACE);
    }

    private VersionedDirectoryStateStore(DirectoryVersionStorage storage, int keep, Duration pruneGrace) {
        super(storage, keep, Clock.systemUTC(), DEFAULT_ATTEMPTS, pruneGrace);
        this.storage = storage;
    }

    /** @return the directory holding the versions and the pointer */
    public Path directory() {
        return storage.directory();
    }

    @Override
    public DirectoryVersionStorage storage() {
        return storage;
    }
}
