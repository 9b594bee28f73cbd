package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;

/**
 * Builds a {@link JsonNode} tree from any Jackson streaming parser (JSON, YAML, TOML) as an
 * {@code ObjectMapper}'s {@code readTree} builds it, without an {@code ObjectMapper}: making one
 * initialises Jackson's default date format, whose calendar loads the locale data (30–70 ms of a
 * fresh JVM), and the state, defs.yaml and TOML reads of a short command need none of it.
 *
 * <p>The nodes are {@code readTree}'s with the default features: a whole number as an int, long
 * or big-integer node by its size; a fraction as a double node, or a big-decimal one without
 * trailing zeros when the parser holds it so (TOML's), a float node when it holds a float; an embedded value (YAML's {@code !!binary}) as a
 * binary or POJO node; a key repeated in one object keeps its last value unless repeats are
 * refused. {@code JsonTreesTest} holds the trees equal to {@code readTree}'s on the repository's
 * YAML and TOML files and on seeded JSON and YAML documents. Stateless and thread-safe.
 */
public final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * Reads one value: the one at the parser's current token, or, when it has none, at its next.
     *
     * @param p a parser
     * @param refuseRepeatedKeys whether a key repeated in one object is an error (as
     *     {@code DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY}); otherwise the last value is kept
     * @return the value's tree, the parser left at its last token; {@code null} when the input has
     *     no value left (as {@code readTree(JsonParser)})
     * @throws IOException what the parser throws, or a {@link JsonMappingException} naming a
     *     repeated key (message {@code Duplicate field '<name>' ...}, its path the parser's)
     */
    public static JsonNode read(JsonParser p, boolean refuseRepeatedKeys) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            t = p.nextToken();
            if (t == null) {
                return null;
            }
        }
        return value(p, t, refuseRepeatedKeys);
    }

    /**
     * @param p a parser at {@code t}, a value's first token
     * @param t that token
     * @param refuseRepeatedKeys as {@link #read}
     * @return the value's tree
     * @throws IOException as {@link #read}
     */
    static JsonNode value(JsonParser p, JsonToken t, boolean refuseRepeatedKeys) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT, FIELD_NAME -> {
                // FIELD_NAME: readTree at an object's first key reads the rest of that object
                ObjectNode o = nodes.objectNode();
                for (JsonToken k = t == JsonToken.FIELD_NAME ? t : p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String key = p.currentName();
                    JsonNode v = value(p, p.nextToken(), refuseRepeatedKeys);
                    if (o.replace(key, v) != null && refuseRepeatedKeys) {
                        throw JsonMappingException.from(p, "Duplicate field '" + key + "' in one object");
                    }
                }
                return o;
            }
            case END_OBJECT -> {
                // readTree where an object's only remaining token is its end: the empty object
                return nodes.objectNode();
            }
            case START_ARRAY -> {
                ArrayNode a = nodes.arrayNode();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    a.add(value(p, e, refuseRepeatedKeys));
                }
                return a;
            }
            case VALUE_STRING -> {
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return switch (p.getNumberType()) {
                    case BIG_DECIMAL -> nodes.numberNode(stripped(p.getDecimalValue()));
                    case FLOAT -> nodes.numberNode(p.getFloatValue());
                    default -> nodes.numberNode(p.getDoubleValue());
                };
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = p.getEmbeddedObject();
                if (embedded == null) {
                    return nodes.nullNode();
                }
                if (embedded instanceof byte[] bytes) {
                    return nodes.binaryNode(bytes);
                }
                if (embedded instanceof RawValue raw) {
                    return nodes.rawValueNode(raw);
                }
                if (embedded instanceof JsonNode node) {
                    return node;
                }
                return nodes.pojoNode(embedded);
            }
            default -> throw JsonMappingException.from(p, "Unexpected token (" + t + ") where a value belongs");
        }
    }

    /** A decimal without trailing zeros, as readTree normalises one by default ({@code STRIP_TRAILING_BIGDECIMAL_ZEROES}). */
    private static java.math.BigDecimal stripped(java.math.BigDecimal d) {
        try {
            return d.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return d; // a scale that cannot move further, kept as read, as readTree keeps it
        }
    }
}
