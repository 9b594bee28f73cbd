package dev.rocky.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;

/**
 * The one place rocky's JSON is read: a strict, shared {@link ObjectMapper} for the DTOs in this
 * package, and the translation of Jackson's errors into a JSON path such as
 * {@code $.sources[0].tables[2].name}.
 *
 * <p>Strictness, on purpose: unknown fields are ignored (the engine adds fields without bumping
 * anything), but a missing required field, an explicit {@code null} where the schema forbids one,
 * a string where a number belongs (or the reverse), a float where an integer belongs, a {@code null}
 * element in a list or value in a map, a duplicate key, or anything after the document are errors.
 *
 * <p>Thread-safe.
 */
public final class RockyJson {

    private static final ObjectMapper MAPPER = build();

    private RockyJson() {
    }

    /** @return the shared, configured mapper; do not reconfigure it */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .annotationIntrospector(new SkipUnknown())
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // No schema has a nullable list element or map value; a null there is a mismatch, not a hole.
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Marks every type as {@code @JsonIgnoreProperties(ignoreUnknown = true)}: the engine's fields a
     * DTO does not map are skipped as the parser reads them. With only
     * {@code FAIL_ON_UNKNOWN_PROPERTIES} off, a record (bound through its constructor) copies each
     * such field into a token buffer first and drops it at the end: most of {@code rocky compile}'s
     * per-model output (its hints) went through that copy on every load.
     */
    private static final class SkipUnknown extends com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public com.fasterxml.jackson.annotation.JsonIgnoreProperties.Value findPropertyIgnoralByName(
                com.fasterxml.jackson.databind.cfg.MapperConfig<?> config, com.fasterxml.jackson.databind.introspect.Annotated a) {
            return super.findPropertyIgnoralByName(config, a).withIgnoreUnknown();
        }
    }

    /**
     * Binds one document rocky printed to a DTO of this package, with the mapper's rules: a key
     * repeated in one object is refused ({@code JsonParseException} "Duplicate field 'name'", as
     * Jackson's own check words it), checked by {@link RepeatedKeyCheck}, which keeps no set per
     * object; anything after the document is refused.
     *
     * @param json the document (UTF-8)
     * @param type the DTO to bind it to
     * @param <T> the DTO's type
     * @return the bound DTO
     * @throws JacksonException when the document is not JSON, repeats a key or does not fit {@code type}
     * @throws java.io.IOException when it cannot be read
     */
    public static <T> T read(byte[] json, Class<T> type) throws java.io.IOException {
        return read(json, type, List.of());
    }

    /**
     * {@link #read(byte[], Class)} of a document whose root object is read as if it had already
     * held {@code rootKeysSeen} (refused as repeated keys).
     */
    static <T> T read(byte[] json, Class<T> type, java.util.Collection<String> rootKeysSeen) throws java.io.IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return MAPPER.readValue(new RepeatedKeyCheck(p, rootKeysSeen), type);
        }
    }

    /**
     * Streams through a document without binding it: on the error path only, to tell a syntax error
     * (truncated, not JSON) from JSON of the wrong shape, and to read the top-level {@code command}.
     *
     * @param json a document
     * @return what the scan found
     */
    public static Scan scan(byte[] json) {
        String command = null;
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().getParent().inRoot() && "command".equals(p.currentName())) {
                    if (p.nextToken() == JsonToken.VALUE_STRING) {
                        command = p.getText();
                    }
                } else if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && !p.getParsingContext().getParent().inRoot()) {
                    p.skipChildren();
                }
            }
            return new Scan(null, command);
        } catch (JacksonException e) {
            return new Scan(e, command);
        } catch (java.io.IOException e) {
            return new Scan(null, command);
        }
    }

    /**
     * Reads no further than the top-level {@code command} field (rocky prints it second, after
     * {@code version}), to tell which document a command printed before binding it.
     *
     * @param json a document
     * @return the top-level {@code command} string, or {@code null} when there is none or the
     *     document breaks off before it
     */
    public static String leadingCommand(byte[] json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isCommand = "command".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isCommand) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * What {@link #scan} found.
     *
     * @param syntaxError the first syntax error, or {@code null} when the document is well-formed JSON
     * @param command the top-level {@code command} string, or {@code null}
     */
    public record Scan(JacksonException syntaxError, String command) {
    }

    /**
     * @param e a Jackson error
     * @return where in the document it happened, as a JSON path ({@code $} for the root)
     */
    public static String jsonPath(JacksonException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder("$");
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        if (e.getProcessor() instanceof JsonParser parser) {
            return contextPath(parser.getParsingContext());
        }
        return "$";
    }

    /**
     * @param context a parser's current context
     * @return that context as a JSON path
     */
    public static String contextPath(JsonStreamContext context) {
        StringBuilder out = new StringBuilder();
        JsonStreamContext c = context;
        while (c != null && !c.inRoot()) {
            if (c.inArray()) {
                out.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                out.insert(0, "." + c.getCurrentName());
            }
            c = c.getParent();
        }
        return "$" + out;
    }

    /**
     * @param e a Jackson error
     * @return its message without Jackson's location suffix, on one line
     */
    public static String shortMessage(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
