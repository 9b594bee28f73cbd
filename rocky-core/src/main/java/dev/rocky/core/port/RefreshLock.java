package dev.rocky.core.port;

import java.time.Duration;

/**
 * Serialises refreshes of one state across threads and processes, so two refreshes never
 * interleave. Readers never take it: stores publish whole documents atomically.
 */
public interface RefreshLock {

    /** A held lock; closing it releases it. */
    interface Lease extends AutoCloseable {
        /** Releases the lock; never throws. */
        @Override
        void close();
    }

    /**
     * Takes the lock, waiting for another holder to release it.
     *
     * @param wait how long to wait; zero fails at once when the lock is held
     * @return the held lock
     * @throws dev.rocky.core.error.StateException {@code STATE_LOCKED} naming the lock and its holder
     *     when it is still held after {@code wait}, {@code STATE_IO} when it cannot be taken
     */
    Lease acquire(Duration wait);

    /** A lock for a single refresher: always free at once. */
    RefreshLock NONE = wait -> () -> { };
}
