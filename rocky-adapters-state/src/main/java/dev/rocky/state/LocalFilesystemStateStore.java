package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.state.StateDocument;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The state document in one local file, in the layout Dagster's local-filesystem state management
 * uses: {@code <project root>/.local_defs_state/<key>/state}.
 *
 * <p>A write removes temporary files a killed writer left (older than 15 minutes), then goes to a
 * temporary sibling file ({@code .state.tmp-<uuid>}), is flushed to disk (a refresh's
 * {@link StateDocument} is streamed there and checked from that file),
 * then atomically renamed over the state file, and the directory entry is flushed: a reader sees the
 * old document or the new one, and a crash or a full disk at any point leaves the old one intact
 * (the temporary file is removed when the write fails).
 *
 * <p>Thread-safe; two processes writing at once each publish a whole document (the last rename
 * wins); {@link FileRefreshLock} keeps two refreshes from running at once.
 */
public final class LocalFilesystemStateStore implements DefsStateStore {

    /** The folder under the project root that holds every component's state. */
    public static final String STATE_ROOT = ".local_defs_state";

    /** Publishes the written temporary file; a seam for fault-injection tests. */
    @FunctionalInterface
    interface Publisher {
        void publish(Path temp, Path target) throws IOException;
    }

    private final Path file;
    private final Publisher publisher;

    /**
     * @param file the state file, e.g. from {@link #statePath(Path, String)}
     */
    public LocalFilesystemStateStore(Path file) {
        this(file, (temp, target) -> {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
            }
        });
    }

    LocalFilesystemStateStore(Path file, Publisher publisher) {
        this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath().normalize();
        this.publisher = Objects.requireNonNull(publisher, "publisher is null");
    }

    /**
     * The key the reference component uses for its state: {@code RockyComponent[<config_path>]}
     * with every character outside {@code [A-Za-z0-9._-]} replaced by {@code __}.
     *
     * @param configPath the component's {@code config_path} as written in defs.yaml
     * @return the sanitised key, e.g. {@code RockyComponent__rocky.toml__}
     */
    public static String componentKey(String configPath) {
        return sanitize("RockyComponent[" + configPath + "]");
    }

    /**
     * @param key a state key
     * @return the key with every character outside {@code [A-Za-z0-9._-]} replaced by {@code __};
     *     {@code .} and {@code ..} alone become {@code __}, so a key can never leave the state folder
     */
    public static String sanitize(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            out.append(ok ? String.valueOf(c) : "__");
        }
        String s = out.toString();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "__" : s;
    }

    /**
     * @param projectRoot the project root (the directory holding defs.yaml)
     * @param key a state key, sanitised here
     * @return {@code <projectRoot>/.local_defs_state/<sanitised key>/state}
     */
    public static Path statePath(Path projectRoot, String key) {
        return projectRoot.resolve(STATE_ROOT).resolve(sanitize(key)).resolve("state");
    }

    /** @return the state file */
    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Optional<StoredState> read() {
        try {
            return Optional.of(new StoredState(Files.readAllBytes(file), location()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot read the state at " + file + " (" + e
                    + "); check the file's permissions", e);
        }
    }

    /**
     * @return the file's key (device and inode), size and modification time: every
     *     {@link #write} renames a new file over it, so a new document always has a new key;
     *     empty where the filesystem gives no file key, or there is no document
     */
    @Override
    public Optional<String> identity() {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (a.fileKey() == null) {
                // No inode to tell a renamed-in file from the last (some filesystems): size and mtime alone could
                // repeat across two writes, so the caller reads rather than trusts them.
                return Optional.empty();
            }
            return Optional.of(a.fileKey() + ":" + a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public WrittenState write(byte[] content) {
        return write(temp -> writeNewFile(temp, content));
    }

    /**
     * Streams the document into the temporary file as it is encoded (through a 64 KiB buffer),
     * flushes it to disk, reads it back for the document's check, and renames it over the state only
     * when the check passes: the document is never whole in memory, and one the check refuses is
     * deleted with the previous state untouched.
     */
    @Override
    public WrittenState write(StateDocument document) {
        return write(temp -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                document.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(temp), 1 << 16)) {
                document.check(in);
            }
        });
    }

    /** Writes a new temporary file, then publishes it; the temporary file goes whatever fails. */
    private WrittenState write(TemporaryWrite writeTemp) {
        Path dir = file.getParent();
        Path temp = dir.resolve(".state.tmp-" + UUID.randomUUID());
        boolean published = false;
        try {
            Files.createDirectories(dir);
            removeStaleTemporaries(dir);
            writeTemp.write(temp);
            publisher.publish(temp, file);
            published = true;
            syncDirectory(dir);
            return new WrittenState(location(), Optional.of(file), Optional.empty());
        } catch (IOException e) {
            throw new StateException(ErrorCode.STATE_IO, "cannot write the state at " + file + " (" + e
                    + "); the previous state is intact; check free space and permissions of " + dir, e);
        } finally {
            if (!published) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write already failed; the temporary file is harmless and ignored by readers
                }
            }
        }
    }

    /** Fills the new temporary file. */
    @FunctionalInterface
    private interface TemporaryWrite {
        void write(Path temp) throws IOException;
    }

    /**
     * Creates a file that must not exist yet, writes all of {@code content} and flushes it to disk.
     *
     * @param file the new file
     * @param content its bytes
     * @throws IOException when it exists already or cannot be written
     */
    static void writeNewFile(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** How old a temporary file must be before a write takes it for a killed writer's leftover. */
    static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofMinutes(15);

    /**
     * Deletes the temporary files ({@code .*.tmp-*}) a killed writer left in {@code dir}, when they
     * are older than {@link #STALE_TEMPORARY}, so a live writer's file is never taken. Best effort:
     * a file that cannot be deleted is left for the next write.
     *
     * @param dir a state or versions directory
     */
    static void removeStaleTemporaries(Path dir) {
        long cutoff = System.currentTimeMillis() - STALE_TEMPORARY.toMillis();
        try (java.nio.file.DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp-*")) {
            for (Path t : temps) {
                try {
                    if (Files.isRegularFile(t, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(t).toMillis() < cutoff) {
                        Files.deleteIfExists(t);
                    }
                } catch (IOException e) {
                    // left for the next write
                }
            }
        } catch (IOException e) {
            // nothing to clean, or the directory cannot be listed; the write reports its own errors
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for syncing; the rename itself is still atomic.
        }
    }
}
