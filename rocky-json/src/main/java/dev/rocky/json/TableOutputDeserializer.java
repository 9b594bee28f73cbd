package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads {@code discover}'s {@code TableOutput} ({@code {"name": ..., "row_count": ...}}) straight
 * from the parser: there is one per table (100,000 in a large project's state), and Jackson's
 * constructor binding buffers each one's properties first. The rules are the record's annotations,
 * enforced as Jackson enforces them: {@code name} is required, a string, never {@code null};
 * {@code row_count} is a whole number in a {@code long} or {@code null}, never a string, a fraction
 * or a boolean; other fields are skipped. A mismatch is a {@code MismatchedInputException} naming
 * the field, so its JSON path is reported as for any other DTO.
 *
 * <p>Thread-safe (stateless).
 */
final class TableOutputDeserializer extends StdDeserializer<DiscoverOutput.TableOutput> {

    private static final long serialVersionUID = 1L;

    TableOutputDeserializer() {
        super(DiscoverOutput.TableOutput.class);
    }

    @Override
    public DiscoverOutput.TableOutput deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
            return (DiscoverOutput.TableOutput) ctx.handleUnexpectedToken(DiscoverOutput.TableOutput.class, p);
        }
        String name = null;
        Long rowCount = null;
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("name")) {
                if (value != JsonToken.VALUE_STRING) {
                    return ctx.reportPropertyInputMismatch(DiscoverOutput.TableOutput.class, "name", "`name` must be a string, not "
                            + SlotReader.describe(value));
                }
                name = p.getText();
                // Hashed now, while its bytes are in the cache: every name becomes an asset key's
                // segment, and the graph's key index hashes it once the decode is long done (at 1M
                // tables, a cache miss per name; String keeps the hash).
                name.hashCode();
            } else if (field.equals("row_count")) {
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    rowCount = p.getLongValue();
                } else if (value != JsonToken.VALUE_NULL) {
                    return ctx.reportPropertyInputMismatch(DiscoverOutput.TableOutput.class, "row_count",
                            "`row_count` must be a whole number or null, not " + SlotReader.describe(value));
                } else {
                    rowCount = null;
                }
            } else {
                p.skipChildren();
            }
        }
        if (name == null) {
            return ctx.reportPropertyInputMismatch(DiscoverOutput.TableOutput.class, "name", "Missing required creator property 'name'");
        }
        return new DiscoverOutput.TableOutput(name, rowCount);
    }
}
