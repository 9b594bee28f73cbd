package dev.rocky.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends invocations to a JSON Lines journal, one object per call:
 * {@code {"argv": [...], "cwd": "...", "env_keys": [...], "started_at": "...", "duration_ms": 12, "exit": 0}}.
 * JDK only (used by {@link FakeRockyMain}); {@link FakeRockyJournal} reads the file back. Each
 * line is written with one {@code write} call in append mode, so concurrent fakes do not
 * interleave lines.
 */
public final class JournalFile {

    private JournalFile() {
    }

    /**
     * @param file the journal; created when absent
     * @param invocation the call to record
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void append(Path file, Invocation invocation) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"argv\":");
        array(line, invocation.argv());
        line.append(",\"cwd\":");
        string(line, invocation.workingDirectory());
        line.append(",\"env_keys\":");
        array(line, invocation.environmentKeys());
        line.append(",\"started_at\":");
        string(line, invocation.startedAt().toString());
        line.append(",\"duration_ms\":").append(invocation.duration().toMillis());
        line.append(",\"exit\":").append(invocation.exitCode()).append("}\n");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, line.toString().getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the fake rocky's journal " + file, e);
        }
    }

    private static void array(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
