package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.WrittenState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A local read-through cache in front of a remote {@link VersionedDefsStateStore} (S3, Valkey): the
 * resilience half of "assets stay visible when a dependency is down".
 *
 * <ul>
 *   <li>Every version this process reads or writes is copied to {@code <cacheDir>/<version>} (once,
 *       whole: written to a temporary file and renamed), and {@code <cacheDir>/LAST} names the latest
 *       one seen.</li>
 *   <li>When the backend fails with {@code STATE_IO} (unreachable, timed out, refused), {@link #read()}
 *       loads the copy {@code LAST} names instead, and logs one warning naming the backend, its error
 *       and the cached version; {@link #read(String)} loads that version's copy if it has one. The
 *       version id is kept, so the load pins what it really read.</li>
 *   <li>When the backend answers but has lost the state (no pointer, or a pointer naming a version
 *       it no longer holds: flushed, evicted), the cached copy of the version this pod last saw, or
 *       of that exact version, is loaded with a warning.</li>
 *   <li>Without a cached copy the backend's error is thrown, with a sentence saying no copy exists.
 *       Other errors ({@code STATE_CORRUPT} content, {@code STATE_ACCESS_DENIED}: wrong credentials)
 *       are never masked.</li>
 *   <li>Writes, listings and rollbacks go to the backend only; a write that fails there fails.</li>
 * </ul>
 *
 * <p>Only the newest {@link #CACHED_VERSIONS} copies are kept. Failing to write the cache is logged and
 * never fails a read or a write. Thread-safe.
 */
public final class ReadThroughCacheStore implements VersionedDefsStateStore {

    /** How many cached copies are kept. */
    public static final int CACHED_VERSIONS = 3;

    private static final String LAST = "LAST";

    private final VersionedDefsStateStore backend;
    private final Path dir;
    private final LogSink log;

    /**
     * @param backend the remote store
     * @param cacheDir the local directory for the copies, e.g. {@code <project>/.defs_state_cache/<key>};
     *     created on first use
     * @param log where the fallback warning and cache write failures go
     */
    public ReadThroughCacheStore(VersionedDefsStateStore backend, Path cacheDir, LogSink log) {
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.dir = Objects.requireNonNull(cacheDir, "cacheDir is null").toAbsolutePath().normalize();
        this.log = Objects.requireNonNull(log, "log is null");
    }

    /** @return the remote store behind the cache */
    public VersionedDefsStateStore backend() {
        return backend;
    }

    /** @return the cache directory */
    public Path cacheDirectory() {
        return dir;
    }

    @Override
    public String location() {
        return backend.location();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Falls back to the cached copy of the latest version this process saw when the backend fails
     * with {@code STATE_IO}.
     *
     * @throws StateException the backend's error when it is not {@code STATE_IO}, or when no cached
     *     copy exists
     */
    @Override
    public Optional<StoredState> read() {
        Optional<StoredState> state;
        try {
            state = readThrough(backend::read, () -> lastSeen().flatMap(this::cached), "");
        } catch (StateException e) {
            // The pointer names a version the backend lost (evicted, flushed): this pod may hold that exact version.
            Optional<StoredState> same = e.missingVersion().flatMap(this::cached);
            if (same.isEmpty()) {
                throw e;
            }
            log.warn(e.getMessage() + "; loading this pod's cached copy of that same version from " + same.get().location());
            return same;
        }
        if (state.isEmpty()) {
            Optional<StoredState> cached = lastSeen().flatMap(this::cached);
            cached.ifPresent(c -> log.warn("the state backend " + backend.location() + " holds no state (emptied or evicted?); "
                    + "loading the cached copy of version " + c.version().orElse("?") + " from " + c.location()
                    + ", the latest this pod saw; run `rocky-component refresh` to write it again"));
            return cached;
        }
        return state;
    }

    @Override
    public Optional<StoredState> read(String version) {
        Optional<StoredState> state = readThrough(() -> backend.read(version), () -> cached(version), " of version " + version);
        if (state.isEmpty()) {
            Optional<StoredState> cached = cached(version);
            cached.ifPresent(c -> log.warn("the state backend " + backend.location() + " no longer holds version " + version
                    + "; loading this pod's cached copy from " + c.location()));
            return cached;
        }
        return state;
    }

    /**
     * Reads from the backend and caches what it returns; on {@code STATE_IO} serves the cached copy
     * with a warning, or throws naming the missing copy.
     */
    private Optional<StoredState> readThrough(Supplier<Optional<StoredState>> remote, Supplier<Optional<StoredState>> copy,
            String which) {
        Optional<StoredState> state;
        try {
            state = remote.get();
        } catch (StateException e) {
            if (e.code() != ErrorCode.STATE_IO) {
                throw e;
            }
            Optional<StoredState> cached = copy.get();
            if (cached.isEmpty()) {
                throw new StateException(ErrorCode.STATE_IO, e.getMessage() + "; no cached copy" + which + " in " + dir
                        + " to fall back on", e);
            }
            log.warn("the state backend " + backend.location() + " failed (" + e.getMessage() + "); loading the cached copy of "
                    + "version " + cached.get().version().orElse("?") + " from " + cached.get().location()
                    + ", which may be older than the latest");
            return cached;
        }
        state.ifPresent(s -> remember(s.version(), s.content()));
        return state;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The written version is cached too, and its cached file is what the post-state-write hook gets
     * when the backend keeps no local file.
     */
    @Override
    public WrittenState write(byte[] content) {
        WrittenState written = backend.write(content);
        Optional<Path> copy = remember(written.version(), content);
        return written.file().isPresent() ? written : new WrittenState(written.location(), copy, written.version());
    }

    @Override
    public List<StateVersion> versions() {
        return backend.versions();
    }

    @Override
    public void rollback(String version) {
        backend.rollback(version);
    }

    private Optional<String> lastSeen() {
        try {
            String id = Files.readString(dir.resolve(LAST), StandardCharsets.US_ASCII).strip();
            return VersionIds.isVersionId(id) ? Optional.of(id) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read the state cache pointer " + dir.resolve(LAST) + " (" + e + ")");
            return Optional.empty();
        }
    }

    private Optional<StoredState> cached(String version) {
        if (!VersionIds.isVersionId(version)) {
            return Optional.empty();
        }
        Path file = dir.resolve(version);
        try {
            return Optional.of(new StoredState(Files.readAllBytes(file), file.toString(), Optional.of(version)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read the cached state copy " + file + " (" + e + ")");
            return Optional.empty();
        }
    }

    private Optional<Path> remember(Optional<String> version, byte[] content) {
        if (version.isEmpty() || !VersionIds.isVersionId(version.get())) {
            return Optional.empty();
        }
        Path file = dir.resolve(version.get());
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Path temp = dir.resolve(".copy.tmp-" + UUID.randomUUID());
                try {
                    LocalFilesystemStateStore.writeNewFile(temp, content);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            if (!lastSeen().equals(version)) {
                Path temp = dir.resolve(".last.tmp-" + UUID.randomUUID());
                Files.writeString(temp, version.get() + "\n", StandardCharsets.US_ASCII);
                Files.move(temp, dir.resolve(LAST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(version.get());
            }
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot cache state version " + version.get() + " in " + dir + " (" + e + "); loads fall back only to older copies");
            return Optional.empty();
        }
    }

    private void prune(String current) throws IOException {
        List<Path> copies;
        try (Stream<Path> list = Files.list(dir)) {
            copies = list.filter(p -> VersionIds.isVersionId(p.getFileName().toString())).toList();
        }
        if (copies.size() <= CACHED_VERSIONS) {
            return;
        }
        List<Path> newestFirst = copies.stream().sorted(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toInstant();
            } catch (IOException e) {
                return java.time.Instant.EPOCH;
            }
        }).reversed()).toList();
        int kept = 0;
        for (Path p : newestFirst) {
            if (p.getFileName().toString().equals(current) || kept < CACHED_VERSIONS) {
                kept++;
                continue;
            }
            Files.deleteIfExists(p);
        }
    }

    @Override
    public String toString() {
        return "ReadThroughCacheStore[" + backend.location() + ", cache " + dir + "]";
    }
}
