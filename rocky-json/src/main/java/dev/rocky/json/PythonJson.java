package dev.rocky.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(value, sort_keys=True)} writes it: object keys
 * sorted, {@code ", "} and {@code ": "} separators, non-ASCII characters escaped (U+00E9 as {@code \\u00e9}).
 * The reference integration encodes non-string source metadata this way, so a consumer that
 * compares or parses the values sees the same text from either.
 */
final class PythonJson {

    private PythonJson() {
    }

    /**
     * @param node a JSON value; {@code null} is JSON {@code null}
     * @return its text
     */
    static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isTextual()) {
            string(node.asText(), out);
        } else if (node.isBoolean()) {
            out.append(node.asBoolean() ? "true" : "false");
        } else if (node.isNumber()) {
            out.append(node.isFloatingPointNumber() ? Double.toString(node.asDouble()) : node.asText());
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            it.forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                string(fields.get(i).getKey(), out);
                out.append(": ");
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        }
    }

    /** Jackson's JSON string escaping, then Python's: {@code \\u} escapes in lower-case hex, non-ASCII escaped too. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        char[] quoted = JsonStringEncoder.getInstance().quoteAsString(s);
        for (int i = 0; i < quoted.length; i++) {
            char c = quoted[i];
            if (c == '\\' && i + 5 < quoted.length && quoted[i + 1] == 'u') {
                out.append("\\u").append(new String(quoted, i + 2, 4).toLowerCase(java.util.Locale.ROOT));
                i += 5;
            } else if (c == '\\') {
                out.append(c).append(quoted[++i]);
            } else if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
