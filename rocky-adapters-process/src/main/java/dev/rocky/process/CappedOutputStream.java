package dev.rocky.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Collects a process's stdout up to a cap. Past the cap it keeps nothing more, runs the overflow
 * action (the runner kills the process tree there; it runs again on every later write, in case the
 * first came before the process was known) and keeps draining, so the process never blocks on a
 * full pipe.
 */
final class CappedOutputStream extends OutputStream {

    private final long cap;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
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
        if (buffer.size() + (long) len > cap) {
            overflowed = true;
            onOverflow.run();
            return;
        }
        buffer.write(b, off, len);
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    synchronized byte[] toByteArray() {
        return buffer.toByteArray();
    }
}
