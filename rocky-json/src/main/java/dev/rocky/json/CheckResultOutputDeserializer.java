package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one of {@code run}'s check results ({@code CheckResult} in run.schema.json:
 * {@code {"name": ..., "passed": ..., "severity": ..., <the fields of its kind>}}) straight from
 * the parser, keeping the other fields in the order rocky printed them. Jackson's constructor
 * binding of the record's any-setter parameter collects them into a {@code HashMap} (so
 * {@code target_count} could come before {@code source_count}, where the reference keeps the JSON's
 * order), and buffers every property of every result first (300,000 results at 100,000 tables
 * with three checks each).
 *
 * <p>The rules are the record's annotations, enforced as Jackson enforces them: {@code name} is
 * required, a string, never {@code null}; {@code passed} is required, a boolean, never
 * {@code null} or a number; {@code severity} is a string or {@code null}; every other field is
 * read as a tree, {@code null} included. A mismatch is a {@code MismatchedInputException} naming
 * the field, so its JSON path is reported as for any other DTO. A field repeated is refused by
 * the parser ({@code STRICT_DUPLICATE_DETECTION}), as before.
 *
 * <p>Thread-safe (stateless).
 */
final class CheckResultOutputDeserializer extends StdDeserializer<RunOutput.CheckResultOutput>
        implements com.fasterxml.jackson.databind.deser.ResolvableDeserializer {

    private static final long serialVersionUID = 1L;

    /** The mapper's deserializer of trees, found once ({@code ctx.readTree} looks it up for every value). */
    private transient com.fasterxml.jackson.databind.JsonDeserializer<Object> trees;

    CheckResultOutputDeserializer() {
        super(RunOutput.CheckResultOutput.class);
    }

    @Override
    public void resolve(DeserializationContext ctx) throws com.fasterxml.jackson.databind.JsonMappingException {
        trees = ctx.findRootValueDeserializer(ctx.constructType(JsonNode.class));
    }

    @Override
    public RunOutput.CheckResultOutput deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
            return (RunOutput.CheckResultOutput) ctx.handleUnexpectedToken(RunOutput.CheckResultOutput.class, p);
        }
        String name = null;
        Boolean passed = null;
        String severity = null;
        Map<String, JsonNode> details = new LinkedHashMap<>();
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return mismatch(ctx, "name", value == JsonToken.VALUE_NULL
                                ? "`name` is required and must not be null"
                                : "`name` must be a string, not " + SlotReader.describe(value));
                    }
                    name = p.getText();
                }
                case "passed" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        return mismatch(ctx, "passed", value == JsonToken.VALUE_NULL
                                ? "`passed` is required and must not be null"
                                : "`passed` must be a boolean, not " + SlotReader.describe(value));
                    }
                    passed = value == JsonToken.VALUE_TRUE;
                }
                case "severity" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        severity = p.getText();
                    } else if (value == JsonToken.VALUE_NULL) {
                        severity = null;
                    } else {
                        return mismatch(ctx, "severity", "`severity` must be a string or null, not " + SlotReader.describe(value));
                    }
                }
                default -> details.put(field, value == JsonToken.VALUE_NULL ? ctx.getNodeFactory().nullNode()
                        : (JsonNode) trees.deserialize(p, ctx));
            }
        }
        if (name == null) {
            return mismatch(ctx, "name", "Missing required creator property 'name'");
        }
        if (passed == null) {
            return mismatch(ctx, "passed", "Missing required creator property 'passed'");
        }
        return new RunOutput.CheckResultOutput(name, passed, severity, details);
    }

    private static RunOutput.CheckResultOutput mismatch(DeserializationContext ctx, String field, String message) throws IOException {
        return ctx.reportPropertyInputMismatch(RunOutput.CheckResultOutput.class, field, message);
    }
}
