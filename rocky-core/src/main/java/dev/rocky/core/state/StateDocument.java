package dev.rocky.core.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A state document that a refresh hands to its store to write: the store streams it to where it
 * keeps documents, reads back what it wrote for the refresh to {@linkplain #check check} before it
 * replaces the current document, and only then replaces it. So the document is never held whole in
 * memory beside the rocky output it is made of (a million tables' state is about 150 MB), and a
 * document the load would refuse never replaces a usable one.
 *
 * <p>A store that cannot stream (one that sends a request body of known length, say) writes it into
 * memory first ({@link dev.rocky.core.port.DefsStateStore#write(StateDocument)}'s default).
 */
public interface StateDocument {

    /**
     * Writes the whole document: UTF-8 JSON, the {@link dev.rocky.core.port.StateCodec}'s format.
     * Each call writes the same bytes, so a store may call it again to retry a write.
     *
     * @param out where to write it; not closed
     * @throws IOException when {@code out} fails
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Reads back what {@link #writeTo} wrote, as a load decodes it, without keeping it.
     *
     * @param written the written bytes, from the first; not closed
     * @throws dev.rocky.core.error.StateException {@code STATE_CORRUPT} when a load would refuse
     *     them: the store must then leave its current document as it is
     * @throws IOException when {@code written} cannot be read
     */
    void check(InputStream written) throws IOException;
}
