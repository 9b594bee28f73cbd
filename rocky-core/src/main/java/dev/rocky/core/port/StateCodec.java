package dev.rocky.core.port;

import dev.rocky.core.state.DefsState;
import dev.rocky.core.state.StateDraft;
import dev.rocky.core.state.StateSlots;
import dev.rocky.core.state.StoredState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns a refresh's results into the state document's bytes and back. The document is JSON:
 * {@code {"format_version": 1, "dag_status": "disabled", "discover": {...}, "compile": {...}?,
 * "optimize": {...}?, "dag": {...}?}} (see {@link dev.rocky.core.state.DefsState}) with each command
 * slot holding rocky's own output for that command.
 *
 * <p>Thread-safe.
 */
public interface StateCodec {

    /**
     * @param draft what a refresh gathered
     * @return the document's bytes (UTF-8 JSON)
     */
    byte[] encode(StateDraft draft);

    /**
     * Writes {@link #encode(StateDraft)}'s bytes to a stream, without holding the document in memory
     * where the codec can (this default encodes into memory first).
     *
     * @param draft what a refresh gathered
     * @param out where to write the document; not closed
     * @throws IOException when {@code out} fails
     */
    default void encode(StateDraft draft, OutputStream out) throws IOException {
        out.write(encode(draft));
    }

    /**
     * Decodes a document as {@link #decode} does, keeping nothing: what a refresh runs on the state it
     * wrote before that state replaces the current one. Where the codec can, it reads the stream as
     * it goes and drops each slot once decoded (this default reads it whole and decodes it).
     *
     * @param document the document's bytes; not closed
     * @param location where they are, for messages
     * @throws dev.rocky.core.error.StateException as {@link #decode}
     * @throws IOException when {@code document} cannot be read
     */
    default void check(InputStream document, String location) throws IOException {
        decode(new StoredState(document.readAllBytes(), location));
    }

    /**
     * @param stored a document as a store returned it
     * @return the decoded state
     * @throws dev.rocky.core.error.StateException {@code STATE_CORRUPT} naming the location and the
     *     JSON path when the bytes are not a state document (truncated, not JSON, wrong shape, a
     *     newer {@code format_version})
     */
    DefsState decode(StoredState stored);

    /**
     * Decodes a document's command slots keeping each slot's JSON as the document holds it, for a
     * refresh to carry a slot forward when its command fails.
     *
     * @param stored a document as a store returned it
     * @return the slots
     * @throws dev.rocky.core.error.StateException as {@link #decode}
     */
    StateSlots slots(StoredState stored);
}
