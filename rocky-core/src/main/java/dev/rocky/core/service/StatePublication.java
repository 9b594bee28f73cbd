package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.StateDocument;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.WrittenState;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The last steps of a refresh: hand the draft to the store as a {@link StateDocument}, which the
 * store writes as it is encoded and reads back for a check with the load's own decoder before it
 * replaces the current state (what rocky printed was parsed once already; a slot the state cannot
 * hold fails the refresh here, the previous state untouched, instead of replacing it with one every
 * later load refuses), then call the post-write hook, whose failure is a warning. The document is
 * never held whole beside rocky's output where the store streams (the local file store does).
 */
final class StatePublication {

    private final DefsStateStore store;
    private final StateCodec codec;
    private final PostStateWriteHook hook;
    private final LogSink log;

    StatePublication(DefsStateStore store, StateCodec codec, PostStateWriteHook hook, LogSink log) {
        this.store = store;
        this.codec = codec;
        this.hook = hook;
        this.log = log;
    }

    /** The written state and the document's size in bytes. */
    record Published(WrittenState written, long bytes) {
    }

    /**
     * @throws RockyException {@code STATE_CORRUPT} when the load would refuse the document (the
     *     previous state stays); the store's error when it cannot be written
     */
    Published publish(StateDraft draft, RefreshAttempts attempts) {
        Encoded document = new Encoded(draft);
        WrittenState written = store.write(document);
        callHook(written, attempts);
        return new Published(written, document.bytes);
    }

    /** The draft as the codec encodes it, counted as it is written, and checked as a load decodes it. */
    private final class Encoded implements StateDocument {

        private final StateDraft draft;
        private long bytes;

        Encoded(StateDraft draft) {
            this.draft = draft;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            Counted counted = new Counted(out);
            codec.encode(draft, counted);
            bytes = counted.count;
        }

        @Override
        public void check(InputStream written) throws IOException {
            try {
                codec.check(written, store.location());
            } catch (RockyException e) {
                throw new RockyException(ErrorCode.STATE_CORRUPT, "the refresh built a state its own load would refuse, so "
                        + "nothing was written and the state at " + store.location() + " is as it was: " + e.getMessage()
                        + "; report it with the rocky output that caused it", e);
            }
        }
    }

    /** Passes bytes through, counting them. */
    private static final class Counted extends FilterOutputStream {

        private long count;

        Counted(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private void callHook(WrittenState written, RefreshAttempts attempts) {
        if (written.file().isEmpty()) {
            if (hook != PostStateWriteHook.NONE) {
                log.info("the state store keeps no local file, so the post-state-write hook is not called");
            }
            return;
        }
        try {
            hook.stateWritten(written.file().get());
        } catch (Exception | LinkageError e) {
            attempts.warn("the post-state-write hook failed; the state at " + written.location() + " is written and "
                    + "kept: " + e);
        }
    }
}
