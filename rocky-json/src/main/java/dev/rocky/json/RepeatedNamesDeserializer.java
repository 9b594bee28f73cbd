package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a list of names that consecutive documents repeat: {@code rocky plan}'s {@code models},
 * which lists every model of the project whatever the plan's filter (plan.rs; the recorded
 * {@code plan.json} of a {@code source=orders} plan lists all three), so a materialization of a
 * thousand sources reads the same list a thousand times. The list read last is kept; a name equal
 * to the one at the same position in it is taken from it instead of being made again (compared in
 * the parser's buffer, nothing allocated), and a list equal to it is returned as that same list.
 *
 * <p>As strict as the shared mapper ({@link RockyJson}): anything but an array of strings, a
 * {@code null} element included, is a mismatch naming its path. The result is unmodifiable.
 * Thread-safe: the kept list is immutable and replaced atomically.
 */
final class RepeatedNamesDeserializer extends StdDeserializer<List<String>> {

    private static final long serialVersionUID = 1L;

    /** The list read last, in any document this deserializer read. */
    private static final AtomicReference<List<String>> LAST = new AtomicReference<>(List.of());

    RepeatedNamesDeserializer() {
        super(List.class);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            return castList(ctx.handleUnexpectedToken(List.class, p));
        }
        List<String> last = LAST.get();
        List<String> names = null; // made at the first name that differs from the last list's
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                return castList(ctx.handleUnexpectedToken(String.class, p));
            }
            if (names == null && n < last.size() && sameText(p, last.get(n))) {
                n++;
                continue;
            }
            if (names == null) {
                names = new ArrayList<>(Math.max(16, last.size()));
                names.addAll(last.subList(0, n));
            }
            names.add(p.getText());
            n++;
        }
        if (names == null) {
            if (n == last.size()) {
                return last;
            }
            names = new ArrayList<>(last.subList(0, n));
        }
        List<String> read = List.copyOf(names);
        LAST.set(read);
        return read;
    }

    private static boolean sameText(JsonParser p, String known) throws IOException {
        int length = p.getTextLength();
        if (length != known.length()) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != known.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }
}
