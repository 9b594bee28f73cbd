package dev.rocky.core.port;

import dev.rocky.core.state.StateDocument;
import dev.rocky.core.state.StoredState;
import dev.rocky.core.state.WrittenState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the cached state document lives. Stores bytes; the document's format is the
 * {@link StateCodec}'s business. Implementations: the local filesystem (Dagster's
 * {@code .local_defs_state/<key>/state} layout), a versioned directory
 * ({@link VersionedDefsStateStore}) and, later, remote stores.
 *
 * <p>Contract: {@link #write} is atomic, so a reader sees the old document or the new one, never
 * part of one, and a failed write leaves the previous document as it was. Errors are
 * {@link dev.rocky.core.error.StateException}s ({@code STATE_IO}). Thread-safe.
 */
public interface DefsStateStore {

    /**
     * @return the current document, or empty when none has been written
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when it exists but cannot be read
     */
    Optional<StoredState> read();

    /**
     * Replaces the current document atomically.
     *
     * @param content the new document's bytes
     * @return where it was written (the file, and the version id in a versioned store)
     * @throws dev.rocky.core.error.StateException {@code STATE_IO} when it cannot be written; the
     *     previous document is then intact
     */
    WrittenState write(byte[] content);

    /**
     * Replaces the current document atomically with one written as it is encoded, after checking
     * what was written ({@link StateDocument}): a refresh writes through this. The local file store
     * streams it to a temporary file, checks that file and renames it over the state; this default
     * writes it into memory, checks those bytes and calls {@link #write(byte[])}.
     *
     * @param document the new document
     * @return where it was written (the file, and the version id in a versioned store)
     * @throws dev.rocky.core.error.StateException {@code STATE_CORRUPT} from the document's check, or
     *     {@code STATE_IO} when it cannot be written; the previous document is then intact
     */
    default WrittenState write(StateDocument document) {
        byte[] bytes;
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
            document.writeTo(buffer);
            bytes = buffer.toByteArray();
            document.check(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new dev.rocky.core.error.StateException(dev.rocky.core.error.ErrorCode.STATE_IO, "cannot write the state "
                    + "document for " + location() + " into memory (" + e + "); the previous state is intact; the codec "
                    + "could not encode or read back its own document: report it with the rocky output that caused it", e);
        }
        return write(bytes);
    }

    /** @return where the document lives, for messages, e.g. a file path */
    String location();

    /**
     * A token that changes whenever the current document changes, found without reading the
     * document (a file's identity, size and modification time; a versioned store's current
     * version), so that a long-lived process can tell an unchanged state from a new one and keep
     * what it built from it.
     *
     * @return the token; empty when the store cannot tell without reading (the caller then reads)
     *     or holds no document
     */
    default Optional<String> identity() {
        return Optional.empty();
    }
}
