package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.RefreshLock;
import dev.rocky.core.port.VersionedDefsStateStore;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link VersionedDefsStateStore} over a directory: each write is a new immutable file
 * {@code <base>/<key>/<uuid>} (created exclusively, flushed to disk), then the pointer file
 * {@code <base>/<key>/LATEST} is moved to it by compare-and-set: under a short pointer lock, the
 * pointer is re-read, compared with what the writer saw, and replaced by an atomic rename. Readers
 * take no lock: they read the pointer, then the immutable version it names.
 *
 * <p>After each write only the newest {@code keep} versions are kept (by write time), never the one
 * the pointer names. A version file is only ever created whole and deleted, never changed, so a
 * load that pinned a version can re-read it for as long as it is kept.
 *
 * <p>Thread-safe and safe across processes on one machine.
 */
public final class VersionedDirectoryStateStore implements VersionedDefsStateStore {

    /** The name of the pointer file. */
    public static final String POINTER = "LATEST";

    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration POINTER_LOCK_WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final int keep;
    private final RefreshLock pointerLock;

    /**
     * @param base the base directory, e.g. {@code <project>/.defs_state_versions}
     * @param key the state key, sanitised with {@link LocalFilesystemStateStore#sanitize(String)}
     * @param keep how many versions to keep; at least 1
     * @throws IllegalArgumentException when {@code keep} is below 1
     */
    public VersionedDirectoryStateStore(Path base, String key, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.dir = base.toAbsolutePath().normalize().resolve(LocalFilesystemStateStore.sanitize(key));
        this.keep = keep;
        this.pointerLock = new FileRefreshLock(dir.resolve(".pointer.lock"));
    }

    /** @return the directory holding the versions and the pointer */
    public Path directory() {
        return dir;
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public Optional<StoredState> read() {
        Optional<String> latest = latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(latest.get()).orElseThrow(() -> new StateException(ErrorCode.STATE_CORRUPT, "the pointer "
                + dir.resolve(POINTER) + " names version " + latest.get() + ", which is not in " + dir
                + "; run `rocky-component state versions` and `state rollback <version>`, or refresh", null)));
    }

    @Override
    public Optional<StoredState> read(String version) {
        if (!VERSION.matcher(version).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(version);
        try {
            return Optional.of(new StoredState(Files.readAllBytes(file), file.toString(), Optional.of(version)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read state version " + file + " (" + e + ")", e);
        }
    }

    @Override
    public WrittenState write(byte[] content) {
        String version = UUID.randomUUID().toString();
        Path file = dir.resolve(version);
        try {
            Files.createDirectories(dir);
            LocalFilesystemStateStore.writeNewFile(file, content);
            LocalFilesystemStateStore.syncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new StateException(ErrorCode.STATE_IO, "cannot write state version " + file + " (" + e
                    + "); the current version is intact; check free space and permissions of " + dir, e);
        }
        while (true) {
            Optional<String> seen = latest();
            if (compareAndSet(seen, version)) {
                break;
            }
        }
        prune(version);
        return new WrittenState(file.toString(), Optional.of(file), Optional.of(version));
    }

    @Override
    public List<StateVersion> versions() {
        Optional<String> latest = latest();
        List<StateVersion> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (!VERSION.matcher(name).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new StateVersion(name, a.lastModifiedTime().toInstant(), a.size(), latest.map(name::equals).orElse(false)));
                } catch (NoSuchFileException e) {
                    // pruned while listing
                }
            }
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot list state versions in " + dir + " (" + e + ")", e);
        }
        out.sort(Comparator.comparing(StateVersion::writtenAt).thenComparing(StateVersion::id).reversed());
        return out;
    }

    @Override
    public void rollback(String version) {
        if (read(version).isEmpty()) {
            throw new StateException(ErrorCode.STATE_MISSING, "no state version " + version + " in " + dir + "; kept versions: "
                    + String.join(", ", versions().stream().map(StateVersion::id).toList()), null);
        }
        while (!compareAndSet(latest(), version)) {
            Thread.onSpinWait();
        }
    }

    /**
     * Moves the pointer from {@code expected} to {@code next} when it still names {@code expected}.
     *
     * @param expected the version the caller saw, or empty when it saw no pointer
     * @param next the version to point at
     * @return false when another writer moved the pointer first
     */
    public boolean compareAndSet(Optional<String> expected, String next) {
        try (RefreshLock.Lease lease = pointerLock.acquire(POINTER_LOCK_WAIT)) {
            if (!latest().equals(expected)) {
                return false;
            }
            Path pointer = dir.resolve(POINTER);
            Path temp = dir.resolve(".LATEST.tmp-" + UUID.randomUUID());
            try {
                Files.write(temp, (next + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Files.move(temp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LocalFilesystemStateStore.syncDirectory(dir);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                deleteQuietly(temp);
                throw new StateException(ErrorCode.STATE_IO, "the file system of " + dir + " cannot rename atomically", e);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StateException(ErrorCode.STATE_IO, "cannot move the pointer " + pointer + " to " + next + " (" + e
                        + "); the previous version stays current", e);
            }
        }
    }

    private Optional<String> latest() {
        try {
            String text = Files.readString(dir.resolve(POINTER), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read the pointer " + dir.resolve(POINTER) + " (" + e + ")", e);
        }
    }

    private void prune(String justWritten) {
        List<StateVersion> all = versions();
        Optional<String> latest = latest();
        int kept = 0;
        for (StateVersion v : all) {
            boolean current = latest.map(v.id()::equals).orElse(false) || v.id().equals(justWritten);
            if (current || kept < keep) {
                kept++;
                continue;
            }
            deleteQuietly(dir.resolve(v.id()));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind; listed and pruned by a later write
        }
    }

    /** @return the number of versions kept after each write */
    public int keep() {
        return keep;
    }

    @Override
    public String toString() {
        return "VersionedDirectoryStateStore[" + dir + ", keep " + keep + "]";
    }

}
