package dev.rocky.core.service;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.port.DefsStateStore;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.port.PostStateWriteHook;
import dev.rocky.core.port.StateCodec;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;

/**
 * The last steps of a refresh: encode the draft, check that the load's own decoder accepts it
 * (what rocky printed was parsed once already; a slot the state cannot hold fails the refresh
 * here, the previous state untouched, instead of replacing it with one every later load refuses),
 * write it atomically, then call the post-write hook, whose failure is a warning.
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
    record Published(WrittenState written, int bytes) {
    }

    /**
     * @throws RockyException {@code STATE_CORRUPT} when the load would refuse the document (nothing
     *     is written); the store's error when it cannot be written
     */
    Published publish(StateDraft draft, RefreshAttempts attempts) {
        byte[] document = codec.encode(draft);
        try {
            codec.decode(new StoredState(document, store.location()));
        } catch (RockyException e) {
            throw new RockyException(ErrorCode.STATE_CORRUPT, "the refresh built a state its own load would refuse, so "
                    + "nothing was written and the state at " + store.location() + " is as it was: " + e.getMessage()
                    + "; report it with the rocky output that caused it", e);
        }
        WrittenState written = store.write(document);
        callHook(written, attempts);
        return new Published(written, document.length);
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
