package dev.rocky.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test helper: validates what the CLI printed against the published schema of its format
 * ({@link PublishedFormat}), so every machine-readable output a test produces is checked.
 */
final class PublishedFormats {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<PublishedFormat, Schema> SCHEMAS = new EnumMap<>(PublishedFormat.class);

    private PublishedFormats() {
    }

    /** @return the schema file's text, from the classpath */
    static String schemaText(PublishedFormat format) {
        try (InputStream in = PublishedFormat.class.getClassLoader().getResourceAsStream(format.schemaResource())) {
            if (in == null) {
                throw new AssertionError("no schema on the classpath at " + format.schemaResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the validation errors of one document against the format's schema */
    static synchronized List<Error> errors(PublishedFormat format, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(format, f -> REGISTRY.getSchema(schemaText(f)));
        return schema.validate(document);
    }

    /**
     * The published format a command line prints on stdout, if it prints one: {@code defs},
     * {@code doctor}, {@code health}, {@code sensor tick}, {@code schedule due} with
     * {@code --format json}; {@code materialize} with {@code --format jsonl}.
     */
    static Optional<PublishedFormat> formatOf(List<String> args) {
        String format = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--format") && i + 1 < args.size()) {
                format = args.get(++i);
            } else if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (a.equals("--defs") || a.equals("--select") || a.equals("--group") || a.equals("--at")) {
                i++;
            } else if (!a.startsWith("-")) {
                words.add(a);
            }
        }
        if (format == null || words.isEmpty()) {
            return Optional.empty();
        }
        String command = words.get(0);
        if (format.equals("jsonl") && command.equals("materialize")) {
            return Optional.of(PublishedFormat.EVENTS);
        }
        if (!format.equals("json")) {
            return Optional.empty();
        }
        return switch (command) {
            case "defs" -> Optional.of(PublishedFormat.DEFS);
            case "doctor" -> Optional.of(PublishedFormat.DOCTOR);
            case "health" -> Optional.of(PublishedFormat.HEALTH);
            case "sensor" -> Optional.of(PublishedFormat.SENSOR_TICK);
            case "schedule" -> Optional.of(PublishedFormat.SCHEDULE_DUE);
            default -> Optional.empty();
        };
    }

    /**
     * Checks one CLI run's stdout against its format's schema: every document (every line, for
     * jsonl) valid, carrying the format's {@code format_version}; a jsonl stream that has lines
     * ends with exactly one {@code summary}; a run that exits 0 printed something.
     *
     * @param args the command line after {@code --defs <file>}
     * @param exitCode the run's exit code
     * @param stdout what it printed
     * @throws AssertionError naming the command, the line and the schema errors
     */
    static void check(List<String> args, int exitCode, String stdout) {
        Optional<PublishedFormat> format = formatOf(args);
        if (format.isEmpty()) {
            return;
        }
        PublishedFormat f = format.get();
        List<String> documents = f == PublishedFormat.EVENTS ? stdout.lines().filter(l -> !l.isBlank()).toList()
                : stdout.isBlank() ? List.of() : List.of(stdout);
        if (documents.isEmpty()) {
            if (exitCode == 0) {
                throw new AssertionError(args + " exited 0 and printed no " + f.formatName() + " document");
            }
            return;
        }
        for (int i = 0; i < documents.size(); i++) {
            JsonNode doc;
            try {
                doc = JSON.readTree(documents.get(i));
            } catch (IOException e) {
                throw new AssertionError(args + ": document " + (i + 1) + " is not JSON: " + e.getMessage() + "\n" + documents.get(i));
            }
            List<Error> errors = errors(f, doc);
            if (!errors.isEmpty()) {
                throw new AssertionError(args + ": document " + (i + 1) + " does not match " + f.schemaResource() + ": " + errors
                        + "\n" + documents.get(i));
            }
            boolean summary = doc.path("type").asText().equals("summary");
            if (f == PublishedFormat.EVENTS && summary != (i == documents.size() - 1)) {
                throw new AssertionError(args + ": the summary line must be the last line, once; line " + (i + 1) + " of "
                        + documents.size() + (summary ? " is a summary" : " is the last and not a summary"));
            }
        }
    }
}
