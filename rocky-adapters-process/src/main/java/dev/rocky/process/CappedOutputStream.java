package dev.rocky.process;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a process's stdout up to a cap. Past the cap it keeps nothing more, runs the overflow
 * action (the runner kills the process tree there; it runs again on every later write, in case the
 * first came before the process was known) and keeps draining, so the process never blocks on a
 * full pipe.
 *
 * <p>Memory is bounded by construction: the output is kept in 64 KiB chunks (no doubling buffer),
 * joined into one exact-size array at the end; when the heap cannot hold another chunk, or the
 * joined array, the stream drops what it kept and counts as overflowed, so
 * the caller reports {@code OUTPUT_TOO_LARGE} instead of the pump thread dying of
 * {@code OutOfMemoryError}.
 */
final class CappedOutputStream extends OutputStream {

    private static final int CHUNK = 64 * 1024;

    private final long cap;
    private final Runnable onOverflow;
    private final List<byte[]> chunks = new ArrayList<>();
    private int lastUsed = CHUNK;
    private long size;
    private boolean overflowed;

    CappedOutputStream(long cap, Runnable onOverflow) {
        this.cap = cap;
        this.onOverflow = onOverflow;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (overflowed) {
            // The kill may have come before the process was handed to the watchdog; try again.
            onOverflow.run();
            return;
        }
        if (size + (long) len > cap) {
            overflow();
            return;
        }
        try {
            while (len > 0) {
                if (lastUsed == CHUNK) {
                    chunks.add(new byte[CHUNK]);
                    lastUsed = 0;
                }
                int n = Math.min(len, CHUNK - lastUsed);
                System.arraycopy(b, off, chunks.get(chunks.size() - 1), lastUsed, n);
                lastUsed += n;
                off += n;
                len -= n;
                size += n;
            }
        } catch (OutOfMemoryError e) {
            overflow();
        }
    }

    private void overflow() {
        overflowed = true;
        chunks.clear();
        size = 0;
        lastUsed = CHUNK;
        onOverflow.run();
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    /**
     * @return everything kept, as one array (empty after an overflow); joining drops the chunks, so
     *     call it once
     */
    synchronized byte[] toByteArray() {
        if (overflowed) {
            return new byte[0];
        }
        byte[] out;
        try {
            out = new byte[(int) size];
        } catch (OutOfMemoryError e) {
            overflowed = true;
            chunks.clear();
            return new byte[0];
        }
        int at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            int n = i == chunks.size() - 1 ? lastUsed : CHUNK;
            System.arraycopy(chunks.get(i), 0, out, at, n);
            at += n;
        }
        chunks.clear();
        return out;
    }
}
