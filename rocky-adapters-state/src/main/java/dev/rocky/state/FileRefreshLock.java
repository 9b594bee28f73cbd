package dev.rocky.state;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.RefreshLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RefreshLock} over an operating-system file lock ({@link FileChannel#tryLock()}) on a
 * lock file next to the state, e.g. {@code .local_defs_state/<key>/refresh.lock}. Works across
 * processes on one machine (and on network file systems that honour POSIX locks); within one JVM
 * a per-file {@link ReentrantLock} serialises threads first, because the JVM refuses a second file
 * lock on a file it already locks. The operating system releases the lock when the holder dies, so
 * a killed refresh never leaves a stale lock. The lock file holds the holder's PID and start time,
 * for the error message of a refresh that waited in vain.
 *
 * <p>Thread-safe.
 */
public final class FileRefreshLock implements RefreshLock {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Path file;

    /**
     * @param file the lock file; created with its directory when missing
     */
    public FileRefreshLock(Path file) {
        this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath().normalize();
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    @Override
    public Lease acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        try {
            if (!local.tryLock(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
                throw held(wait, "another refresh in this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException(ErrorCode.STATE_LOCKED, "interrupted while waiting for the refresh lock " + file, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = tryLock(channel)) == null) {
                if (System.nanoTime() >= deadline) {
                    throw held(wait, holder(channel));
                }
                Thread.sleep(POLL_MILLIS);
            }
            byte[] who = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who), 0);
            FileChannel held = channel;
            FileLock heldLock = lock;
            AtomicBoolean open = new AtomicBoolean(true);
            return () -> {
                if (open.compareAndSet(true, false)) {
                    release(local, held, heldLock);
                }
            };
        } catch (IOException e) {
            close(channel);
            local.unlock();
            throw new StateException(ErrorCode.STATE_IO, "cannot take the refresh lock " + file + " (" + e
                    + "); check the permissions of " + file.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(channel);
            local.unlock();
            throw new StateException(ErrorCode.STATE_LOCKED, "interrupted while waiting for the refresh lock " + file, e);
        } catch (RuntimeException e) {
            close(channel);
            local.unlock();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private StateException held(Duration wait, String holder) {
        return new StateException(ErrorCode.STATE_LOCKED, "another refresh holds the lock " + file + " (" + holder
                + ") and did not finish within " + wait.toSeconds() + " s; wait for it, or raise refresh_lock_wait_seconds "
                + "in defs.yaml", null);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            int n = channel.read(buffer, 0);
            String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static void release(ReentrantLock local, FileChannel channel, FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        } finally {
            close(channel);
            local.unlock();
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel; nothing else to do
            }
        }
    }
}
