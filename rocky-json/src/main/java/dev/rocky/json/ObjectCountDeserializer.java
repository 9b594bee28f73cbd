package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads an array of objects for its length only: {@code rocky plan}'s {@code statements}, of
 * which rocky-java keeps the count (the plan itself is persisted by the engine and applied by id),
 * so the statements' SQL is never made into trees or strings. Each element must be an object
 * (anything else, {@code null} included, is a mismatch naming its path); its content is skipped.
 *
 * <p>Thread-safe (stateless).
 */
final class ObjectCountDeserializer extends StdDeserializer<Integer> {

    private static final long serialVersionUID = 1L;

    ObjectCountDeserializer() {
        super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            return (Integer) ctx.handleUnexpectedToken(Integer.class, p);
        }
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                return (Integer) ctx.handleUnexpectedToken(Object.class, p);
            }
            p.skipChildren();
            count++;
        }
        return count;
    }
}
