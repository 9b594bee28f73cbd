package dev.rocky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the journal an executable fake rocky wrote ({@link JournalFile}'s format), so a test can
 * prove what was, or was not, called.
 */
public final class FakeRockyJournal {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeRockyJournal() {
    }

    /**
     * @param file the journal
     * @return the invocations in the order they were recorded; empty when the file does not exist
     * @throws UncheckedIOException when the file cannot be read or a line is not a journal entry
     */
    public static List<Invocation> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Invocation> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = MAPPER.readTree(line);
                out.add(new Invocation(strings(n.path("argv")), n.path("cwd").asText(), strings(n.path("env_keys")),
                        Instant.parse(n.path("started_at").asText()), Duration.ofMillis(n.path("duration_ms").asLong()),
                        n.path("exit").asInt()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fake rocky's journal " + file, e);
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
