package dev.rocky.state;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Says, without listing a directory tree again, whether anything in it may have changed since it
 * was last listed ({@link #beginListing()}, then {@link #arm()}): the operating system's change notifications on every
 * directory of the tree (inotify, through {@link WatchService}), read up to a barrier so that a
 * change made before the question is never missed.
 *
 * <p>The barrier: the watch service also watches a private temporary directory, and each question
 * creates a new file there and reads the notifications until that file's creation arrives. inotify
 * queues one instance's notifications in the order they happened, and the JDK hands them on in that
 * order, so every change made before the question has then been read.
 *
 * <p>It is used only where the notifications are complete: on Linux (the JDK's native inotify
 * service; elsewhere it polls every few seconds), and on a local file system (a network or FUSE
 * file system does not tell of changes made by another machine). Anywhere else {@link #open} gives
 * nothing and the caller lists the tree as before. A directory it cannot watch (the inotify watch
 * limit, {@code fs.inotify.max_user_watches}, reached), a lost notification (overflow), a watched
 * directory that went away, or a barrier that does not arrive within {@value #BARRIER_TIMEOUT_MILLIS}
 * ms all count as "may have changed".
 *
 * <p>Not thread-safe: its owner ({@link ProjectFingerprint}) calls it under a lock.
 */
final class DirectoryWatch implements AutoCloseable {

    static final long BARRIER_TIMEOUT_MILLIS = 2_000;

    /** File systems whose changes inotify reports in full: those local to this machine. */
    private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay",
            "zfs", "f2fs", "jfs", "reiserfs", "bcachefs");

    private final WatchService service;
    private final Path barrierDir;
    private final WatchKey barrierKey;
    private long barriers;
    private boolean changed;
    private boolean armed;

    private DirectoryWatch(WatchService service, Path barrierDir, WatchKey barrierKey) {
        this.service = service;
        this.barrierDir = barrierDir;
        this.barrierKey = barrierKey;
    }

    /**
     * @param root the directory tree to watch (its directories are added with {@link #add} while
     *     the caller lists it)
     * @return the watch, or empty where change notifications are not complete (not Linux, not the
     *     default file system, a remote or FUSE file system) or cannot be had
     */
    static Optional<DirectoryWatch> open(Path root) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || root.getFileSystem() != FileSystems.getDefault()) {
            return Optional.empty();
        }
        WatchService service = null;
        Path barrierDir = null;
        try {
            if (!LOCAL_FILE_SYSTEMS.contains(Files.getFileStore(root).type())) {
                return Optional.empty();
            }
            service = root.getFileSystem().newWatchService();
            barrierDir = Files.createTempDirectory("rocky-watch");
            WatchKey barrierKey = barrierDir.register(service, StandardWatchEventKinds.ENTRY_CREATE);
            return Optional.of(new DirectoryWatch(service, barrierDir, barrierKey));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            closeQuietly(service);
            deleteQuietly(barrierDir);
            return Optional.empty();
        }
    }

    /**
     * Before the caller lists the tree: forgets what happened until now, so that only changes from
     * here on count. Directories are then added as the listing finds them.
     *
     * @return false when the notifications read until now could not be drained (the watch is then
     *     unusable and the caller should close it)
     */
    boolean beginListing() {
        armed = false;
        boolean ok = barrier();
        changed = false;
        return ok;
    }

    /**
     * Watches one directory of the tree for entries created, deleted or modified (a rename is a
     * delete and a create; an attribute change is a modification).
     *
     * @param dir a directory the listing found
     * @return false when it cannot be watched (the caller should close the watch and list every time)
     */
    boolean add(Path dir) {
        try {
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            return true;
        } catch (IOException | ClosedWatchServiceException e) {
            return false;
        }
    }

    /** After a complete listing: from now on {@link #quietSinceListing()} may answer true. */
    void arm() {
        armed = true;
    }

    /**
     * @return true when nothing under the tree changed since {@link #beginListing()} was last called
     *     and a listing was completed ({@link #arm()}); false when something may have (then the caller
     *     lists again, starting with {@link #beginListing()})
     */
    boolean quietSinceListing() {
        if (!armed) {
            return false;
        }
        if (!barrier()) {
            changed = true;
        }
        return !changed;
    }

    /**
     * Creates a new file in the barrier directory and reads notifications until its creation
     * arrives, noting any change to the tree on the way.
     *
     * @return false when the barrier did not arrive in time or the service is closed
     */
    private boolean barrier() {
        String name = "b" + (++barriers);
        Path marker = barrierDir.resolve(name);
        try {
            Files.createFile(marker);
        } catch (IOException e) {
            return false;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BARRIER_TIMEOUT_MILLIS);
            while (true) {
                long left = deadline - System.nanoTime();
                WatchKey key = left <= 0 ? null : service.poll(left, TimeUnit.NANOSECONDS);
                if (key == null) {
                    return false;
                }
                boolean reached = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (key == barrierKey) {
                        reached |= event.context() instanceof Path p && p.toString().equals(name);
                    } else if (matters(event)) {
                        changed = true;
                    }
                }
                if (!key.reset() && key != barrierKey) {
                    changed = true; // a watched directory went away
                }
                if (reached) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ClosedWatchServiceException e) {
            return false;
        } finally {
            deleteQuietly(marker);
        }
    }

    /** An entry named with a leading dot (rocky's {@code .rocky-state/}, editors' swap files) is not an input. */
    private static boolean matters(WatchEvent<?> event) {
        return event.kind() == StandardWatchEventKinds.OVERFLOW
                || !(event.context() instanceof Path p && p.getFileName() != null && p.getFileName().toString().startsWith("."));
    }

    /** Stops watching and deletes the barrier directory. */
    @Override
    public void close() {
        closeQuietly(service);
        deleteQuietly(barrierDir);
    }

    private static void closeQuietly(WatchService service) {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a temporary file; the system's temporary directory cleanup takes it
            }
        }
    }
}
