package dev.rocky.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a process's stderr into lines as bytes arrive, hands each to a listener, and keeps the last
 * few for error messages. commons-exec's {@code LogOutputStream} does the splitting too but buffers
 * a line without bound; this one caps a line at {@link #MAX_LINE_BYTES} (the rest of that line is
 * dropped and the kept part ends with {@code …}), so a binary that floods stderr without newlines
 * cannot exhaust memory.
 */
final class StderrLineStream extends OutputStream {

    /** The longest line kept, in bytes. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final Consumer<String> listener;
    private final int tailSize;
    private final ArrayDeque<String> tail;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean truncated;
    private boolean lastWasCr;

    StderrLineStream(Consumer<String> listener, int tailSize) {
        this.listener = listener;
        this.tailSize = tailSize;
        this.tail = new ArrayDeque<>(tailSize);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            if (!lastWasCr) {
                emit();
            }
            lastWasCr = false;
            return;
        }
        lastWasCr = b == '\r';
        if (lastWasCr) {
            emit();
            return;
        }
        if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0 || truncated) {
            emit();
        }
    }

    synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (truncated) {
            text = text + "…";
        }
        line.reset();
        truncated = false;
        if (tail.size() == tailSize) {
            tail.removeFirst();
        }
        tail.addLast(text);
        listener.accept(text);
    }
}
