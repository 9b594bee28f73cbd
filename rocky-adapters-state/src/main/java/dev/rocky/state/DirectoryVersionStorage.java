package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.RefreshLock;
import dev.rocky.core.port.VersionStorage;
import dev.rocky.core.state.StateVersion;
import dev.rocky.core.state.VersionIds;
import dev.rocky.core.state.VersionPointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link VersionStorage} over one local directory: each version is a file {@code <dir>/<id>} created
 * exclusively and flushed to disk; the pointer is the file {@code <dir>/LATEST} ({@code
 * <version>\n<nonce>\n}), replaced by an atomic rename under a short OS file lock on {@code
 * <dir>/.pointer.lock}, after re-reading it and comparing it with what the caller saw. Readers take no
 * lock. Safe across threads and processes on one machine (and on a shared file system that honours
 * {@code fcntl} locks and atomic renames).
 */
public final class DirectoryVersionStorage implements VersionStorage {

    /** The name of the pointer file. */
    public static final String POINTER = "LATEST";

    private static final Duration POINTER_LOCK_WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final RefreshLock pointerLock;

    /** @param dir the directory holding this state key's versions and pointer; created on first write */
    public DirectoryVersionStorage(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
        this.pointerLock = new FileRefreshLock(this.dir.resolve(".pointer.lock"));
    }

    /** @return the directory */
    public Path directory() {
        return dir;
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String location(String version) {
        return dir.resolve(version).toString();
    }

    @Override
    public Optional<Path> localFile(String version) {
        return Optional.of(dir.resolve(version));
    }

    @Override
    public void create(String version, byte[] content) {
        requireId(version);
        Path file = dir.resolve(version);
        // Written whole under a temporary name, then published by an atomic rename: a writer killed
        // half way leaves a temporary file, never a torn version that lists, rolls back or loads.
        Path temp = dir.resolve("." + version + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            LocalFilesystemStateStore.removeStaleTemporaries(dir);
            if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            LocalFilesystemStateStore.writeNewFile(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            LocalFilesystemStateStore.syncDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StateException(ErrorCode.STATE_IO, "state version " + file + " already exists; version ids must be new", e);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StateException(ErrorCode.STATE_IO, "cannot write state version " + file + " (" + e
                    + "); the current version is intact; check free space and permissions of " + dir, e);
        }
    }

    @Override
    public Optional<byte[]> get(String version) {
        if (!VersionIds.isVersionId(version)) {
            return Optional.empty();
        }
        Path file = dir.resolve(version);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read state version " + file + " (" + e + ")", e);
        }
    }

    @Override
    public List<StateVersion> list() {
        List<StateVersion> out = new ArrayList<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (!VersionIds.isVersionId(name)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new StateVersion(name, VersionIds.writtenAt(name).orElse(a.lastModifiedTime().toInstant()), a.size(), false));
                } catch (NoSuchFileException e) {
                    // pruned while listing
                }
            }
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot list state versions in " + dir + " (" + e + ")", e);
        }
        return out;
    }

    @Override
    public void delete(String version) {
        requireId(version);
        try {
            Files.deleteIfExists(dir.resolve(version));
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot delete state version " + dir.resolve(version) + " (" + e + ")", e);
        }
    }

    @Override
    public Optional<VersionPointer> pointer() {
        try {
            String text = Files.readString(dir.resolve(POINTER), StandardCharsets.US_ASCII);
            String version = text.lines().findFirst().orElse("").strip();
            return version.isEmpty() ? Optional.empty() : Optional.of(new VersionPointer(version, text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read the pointer " + dir.resolve(POINTER) + " (" + e + ")", e);
        }
    }

    @Override
    public boolean movePointer(Optional<VersionPointer> expected, String version) {
        requireId(version);
        try (RefreshLock.Lease lease = pointerLock.acquire(POINTER_LOCK_WAIT)) {
            if (!pointer().equals(expected)) {
                return false;
            }
            if (!Files.isRegularFile(dir.resolve(version))) {
                throw new StateException(ErrorCode.STATE_IO, "cannot move the pointer " + dir.resolve(POINTER) + " to " + version
                        + ": that version is not in " + dir, null);
            }
            Path pointer = dir.resolve(POINTER);
            Path temp = dir.resolve(".LATEST.tmp-" + UUID.randomUUID());
            try {
                Files.write(temp, (version + "\n" + UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Files.move(temp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LocalFilesystemStateStore.syncDirectory(dir);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                deleteQuietly(temp);
                throw new StateException(ErrorCode.STATE_IO, "the file system of " + dir + " cannot rename atomically", e);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StateException(ErrorCode.STATE_IO, "cannot move the pointer " + pointer + " to " + version + " (" + e
                        + "); the previous version stays current", e);
            }
        }
    }

    private void requireId(String version) {
        if (!VersionIds.isVersionId(version)) {
            throw new IllegalArgumentException("not a version id: " + version);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind; never named by the pointer
        }
    }

    @Override
    public String toString() {
        return "DirectoryVersionStorage[" + dir + "]";
    }
}
