package dev.rocky.state.codec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Copies a JSON text without its insignificant whitespace: the space, tab, line feed and carriage
 * return that RFC 8259 (section 2) allows between tokens. Everything else is copied as it is: each
 * string byte for byte, escapes and all, and each number, literal and punctuation mark as written,
 * so the copy parses to the same values in the same order (repeated keys included). rocky prints
 * its JSON indented; in a large project's state that indentation is about 40 % of the bytes, which
 * every load would otherwise parse past.
 *
 * <p>The input must be one well-formed JSON text (the refresh parsed it before it is stored); a
 * string's bytes are never read as whitespace, as UTF-8 holds no byte of a multi-byte character
 * below {@code 0x80}. Stateless.
 */
final class CompactJson {

    private CompactJson() {
    }

    /** Bytes gathered before each write to the target: one write per block, not one per token. */
    private static final int BLOCK = 64 * 1024;

    /**
     * @param json a buffer holding a well-formed JSON text between {@code from} and {@code to}
     * @param from the index of its first byte
     * @param to the index after its last byte
     * @param out where the text goes, without whitespace between tokens, in blocks of up to
     *     {@value #BLOCK} bytes; not flushed or closed
     * @throws IOException when {@code out} fails
     */
    static void copy(byte[] json, int from, int to, OutputStream out) throws IOException {
        byte[] block = new byte[Math.min(BLOCK, Math.max(0, to - from))];
        int filled = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (inString) {
                if (escaped) {
                    escaped = false; // a quote or backslash after a backslash does not end the string
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (filled == block.length) {
                out.write(block, 0, filled);
                filled = 0;
            }
            block[filled++] = b;
        }
        out.write(block, 0, filled);
    }
}
