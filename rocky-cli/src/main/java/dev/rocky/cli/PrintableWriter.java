package dev.rocky.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * A writer for the CLI's text output: every control character but line feed and tab (so also
 * ESC, CR, BEL, DEL and the C1 range) is written as a four-digit {@code \\u} escape, so that a name or message
 * that came from rocky cannot move the cursor, rewrite a line or clear the screen. JSON output does
 * not go through it: JSON escapes control characters itself and must stay exact.
 */
final class PrintableWriter extends FilterWriter {

    /** @param out where the escaped text goes */
    PrintableWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        if (escaped((char) c)) {
            out.write(String.format("\\u%04x", c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (escaped(buf[i])) {
                out.write(buf, start, i - start);
                out.write(String.format("\\u%04x", (int) buf[i]));
                start = i + 1;
            }
        }
        out.write(buf, start, off + len - start);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        write(str.toCharArray(), off, len);
    }

    /**
     * @param text one line of text from anywhere (rocky's output included)
     * @return the text with each control character escaped as this writer escapes it, and a line
     *     feed too (the text must stay one line); the same instance when there is none
     */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c == '\n' || escaped(c);
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** A control character but line feed (the separator of the writer's lines) and tab. */
    private static boolean escaped(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }
}
