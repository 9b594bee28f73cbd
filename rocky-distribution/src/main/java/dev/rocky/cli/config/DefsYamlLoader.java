package dev.rocky.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rocky.core.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a component's {@code defs.yaml} in the reference's shape:
 * <pre>
 * type: dagster_rocky.RockyComponent     # or dev.rocky.RockyComponent
 * attributes:
 *   binary_path: rocky
 *   config_path: rocky.toml
 *   state_path: .rocky-state.redb
 *   models_dir: models
 *   timeout_seconds: 3600
 * </pre>
 * An unknown attribute, a wrong type or a missing file is a {@link ConfigException} naming the
 * attribute, the file and line, and the accepted values.
 */
public final class DefsYamlLoader {

    /** The component type names accepted in {@code type}. */
    public static final Set<String> TYPES = Set.of("dagster_rocky.RockyComponent", "dev.rocky.RockyComponent");

    /** The attributes this build accepts, in documentation order. */
    public static final List<String> ATTRIBUTES = List.of("binary_path", "config_path", "state_path", "models_dir", "timeout_seconds");

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder().build());

    /**
     * @param defsFile the defs.yaml
     * @return the resolved configuration
     * @throws ConfigException when the file is missing, not YAML, or not a valid component definition
     */
    public ComponentConfig load(Path defsFile) {
        Path file = defsFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no defs.yaml at " + file + "; pass --defs <path to defs.yaml>");
        }
        JsonNode root;
        Map<String, Integer> lines;
        try {
            byte[] content = Files.readAllBytes(file);
            root = YAML.readTree(content);
            lines = attributeLines(content);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
                    + ": not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + " (" + e + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + ": expected a mapping with 'type' and 'attributes'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("type") && !key.equals("attributes")) {
                throw new ConfigException(file + ": unknown top-level key '" + key + "'; accepted: type, attributes");
            }
        }
        String type = root.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new ConfigException(file + ": type is '" + type + "'; accepted: " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        JsonNode attributes = root.path("attributes");
        if (!attributes.isMissingNode() && !attributes.isNull() && !attributes.isObject()) {
            throw new ConfigException(file + ": attributes must be a mapping");
        }
        for (Iterator<String> it = attributes.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!ATTRIBUTES.contains(name)) {
                throw new ConfigException(where(file, lines, name) + ": unknown attribute '" + name
                        + "'; accepted: " + String.join(", ", ATTRIBUTES));
            }
        }
        Path projectRoot = file.getParent();
        long timeoutSeconds = integer(attributes, "timeout_seconds", 3600, file, lines);
        if (timeoutSeconds <= 0) {
            throw new ConfigException(where(file, lines, "timeout_seconds") + ": timeout_seconds must be a positive number of seconds, got "
                    + timeoutSeconds);
        }
        return new ComponentConfig(file, projectRoot,
                string(attributes, "binary_path", "rocky", file, lines),
                string(attributes, "config_path", "rocky.toml", file, lines),
                string(attributes, "state_path", ".rocky-state.redb", file, lines),
                string(attributes, "models_dir", "models", file, lines),
                Duration.ofSeconds(timeoutSeconds));
    }

    private static String string(JsonNode attributes, String name, String fallback, Path file, Map<String, Integer> lines) {
        JsonNode v = attributes.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(where(file, lines, name) + ": " + name + " must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    private static long integer(JsonNode attributes, String name, long fallback, Path file, Map<String, Integer> lines) {
        JsonNode v = attributes.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new ConfigException(where(file, lines, name) + ": " + name + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private static String where(Path file, Map<String, Integer> lines, String attribute) {
        Integer line = lines.get(attribute);
        return line == null ? file.toString() : file + ":" + line;
    }

    /** The line of each key directly under {@code attributes}. */
    private static Map<String, Integer> attributeLines(byte[] content) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(content)) {
            int depth = 0;
            boolean inAttributes = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth <= 1) {
                            inAttributes = false;
                        }
                    }
                    case FIELD_NAME -> {
                        if (depth == 1) {
                            inAttributes = p.currentName().equals("attributes");
                        } else if (depth == 2 && inAttributes) {
                            lines.put(p.currentName(), p.currentLocation().getLineNr());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return lines;
    }
}
